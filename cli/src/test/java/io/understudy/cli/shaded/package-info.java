/**
 * Tests of the packaged jar {@code cli/target/understudy.jar}. They run in the
 * {@code integration-test} phase, after the jar is built (see the cli pom).
 */
package io.understudy.cli.shaded;
