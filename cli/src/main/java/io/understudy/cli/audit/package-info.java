/**
 * {@code understudy audit} and {@code understudy replay}: the commands over the {@code audit}
 * module ({@link io.understudy.audit.Audit}, {@link io.understudy.audit.EgressReplay}).
 * {@link io.understudy.cli.audit.AuditSource} reads the nodes' own settings (cluster, function and
 * its static configuration) so that the replay runs the very function the nodes ran.
 */
package io.understudy.cli.audit;
