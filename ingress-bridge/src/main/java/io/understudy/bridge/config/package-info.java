/**
 * The bridge's configuration: {@link io.understudy.bridge.config.BridgeConfig} lists every key
 * with its type, default, valid range and meaning, in one {@link org.apache.kafka.common.config.ConfigDef}.
 */
package io.understudy.bridge.config;
