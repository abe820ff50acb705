package io.understudy.functions.settings;

import io.understudy.api.FunctionConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingGroupTest {

    static final Setting TABLE = Setting.required("function.x.table", "the table file");
    static final Setting TIMEOUT = Setting.optional("function.x.timeout-ms", "300", "the timeout");
    static final SettingGroup GROUP = new SettingGroup("function.x.", List.of(TABLE, TIMEOUT));

    @Test
    void refusesAMisspeltKeyUnderItsPrefixOnly() {
        FunctionConfig config = new FunctionConfig(Map.of("function.x.tabel", "t", "function.y.anything", "1"));
        assertEquals("unknown function setting(s) [function.x.tabel]; known under 'function.x.': "
                        + "[function.x.table, function.x.timeout-ms]",
                assertThrows(IllegalArgumentException.class, () -> GROUP.rejectUnknownKeys(config)).getMessage());
    }

    @Test
    void givesDefaultsAndExplainsMissingRequiredSettings() {
        FunctionConfig empty = FunctionConfig.empty();
        assertEquals(300, TIMEOUT.positiveLongIn(empty));
        assertEquals("missing function setting 'function.x.table': the table file",
                assertThrows(IllegalArgumentException.class, () -> TABLE.valueIn(empty)).getMessage());
    }

    @Test
    void refusesNumbersThatAreNotPositive() {
        for (String bad : List.of("0", "-5", "1.5", "ten")) {
            FunctionConfig config = new FunctionConfig(Map.of("function.x.timeout-ms", bad));
            assertEquals("function setting 'function.x.timeout-ms' = '" + bad + "' is not a positive whole number: the timeout",
                    assertThrows(IllegalArgumentException.class, () -> TIMEOUT.positiveLongIn(config)).getMessage());
        }
    }

    @Test
    void describesEverySetting() {
        assertEquals("function.x.table (required): the table file\nfunction.x.timeout-ms (default 300): the timeout",
                GROUP.describe());
    }
}
