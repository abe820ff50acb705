/** The {@code node} command. */
package io.understudy.cli.node;
