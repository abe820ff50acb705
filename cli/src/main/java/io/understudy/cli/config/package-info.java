/** {@code understudy config}: shows a role's effective configuration, where each value comes from, secrets masked. */
package io.understudy.cli.config;
