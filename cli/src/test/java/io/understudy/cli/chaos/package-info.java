/** Tests of {@code understudy chaos}: its seeded schedule on the command line. */
package io.understudy.cli.chaos;
