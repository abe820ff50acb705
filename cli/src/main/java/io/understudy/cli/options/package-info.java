/** Options shared by the commands that run a role: where the cluster is, and how settings are layered. */
package io.understudy.cli.options;
