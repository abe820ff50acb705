package io.understudy.functions.passthrough;

import io.understudy.api.FunctionConfig;
import io.understudy.api.TrafficFunction;
import io.understudy.api.TrafficFunctionProvider;
import io.understudy.functions.settings.SettingGroup;

import java.util.List;

/** Loads {@code passthrough}, which has no settings (any {@code function.passthrough.*} key is refused). */
public final class PassthroughProvider implements TrafficFunctionProvider {

    public static final SettingGroup SETTINGS = new SettingGroup("function.passthrough.", List.of());

    @Override
    public String name() {
        return PassthroughFunction.NAME;
    }

    @Override
    public TrafficFunction<FlowCount> create(FunctionConfig config) {
        SETTINGS.rejectUnknownKeys(config);
        return new PassthroughFunction();
    }
}
