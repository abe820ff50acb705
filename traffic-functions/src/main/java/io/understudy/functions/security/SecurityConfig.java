package io.understudy.functions.security;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.settings.Setting;
import io.understudy.functions.settings.SettingGroup;

import java.nio.file.Path;
import java.util.List;

/**
 * The security engine's static configuration, and the settings it is read from.
 *
 * @param nodeKey the node's long-term key pair
 */
public record SecurityConfig(NodeKeyPair nodeKey) {

    public static final Setting KEY_FILE = Setting.required("function.security.key-file",
            "path of the node's X25519 key file (see KeyFile; make one with SecurityKeys.generate), the same on "
                    + "primary and backups; only its public key's fingerprint is part of the static config");

    public static final SettingGroup SETTINGS = new SettingGroup("function.security.", List.of(KEY_FILE));

    /**
     * Reads and checks the settings, loading the key file.
     *
     * @throws IllegalArgumentException naming the setting or the key file and what is wrong
     */
    public static SecurityConfig from(FunctionConfig config) {
        SETTINGS.rejectUnknownKeys(config);
        return new SecurityConfig(KeyFile.readKeyPair(Path.of(KEY_FILE.valueIn(config))));
    }
}
