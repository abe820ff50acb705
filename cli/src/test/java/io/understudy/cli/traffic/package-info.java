/** Tests of the traffic generator: its packets against the real functions, its record, its command line. */
package io.understudy.cli.traffic;
