/**
 * The keys every role shares ({@link io.understudy.config.RoleConfigDefs}), the refusal of unknown
 * keys ({@link io.understudy.config.RoleKeys}), and how a role (node, selector, bridge) gets its settings: configuration files (properties or
 * YAML), environment overrides ({@code UNDERSTUDY_<KEY>}), {@code --set} and named flags layered
 * in that order of precedence, each value remembering where it came from, and secrets masked
 * whenever settings are shown.
 */
package io.understudy.config;
