/** The {@code bridge} command. */
package io.understudy.cli.bridge;
