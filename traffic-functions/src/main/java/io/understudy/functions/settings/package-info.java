/**
 * Declaring a traffic function's settings: every key with its default and its documentation side
 * by side ({@link io.understudy.functions.settings.Setting}), grouped per function under one key
 * prefix ({@link io.understudy.functions.settings.SettingGroup}) so that a misspelt key is
 * refused instead of silently ignored.
 */
package io.understudy.functions.settings;
