/** The {@code selector} and {@code switchover} commands. */
package io.understudy.cli.selector;
