/**
 * {@code understudy acls}: the least-privilege ACLs of every role (which topics, groups and
 * transactional ids each principal may use, and how), printed or applied through the Admin API.
 */
package io.understudy.cli.acls;
