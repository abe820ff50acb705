package io.understudy.functions.security;

import io.understudy.api.FunctionConfig;
import io.understudy.api.TrafficFunction;
import io.understudy.api.TrafficFunctionProvider;

/** Loads {@code security-engine} from the settings in {@link SecurityConfig}. */
public final class SecurityEngineProvider implements TrafficFunctionProvider {

    @Override
    public String name() {
        return SecurityEngineFunction.NAME;
    }

    @Override
    public TrafficFunction<SecureFlowState> create(FunctionConfig config) {
        return new SecurityEngineFunction(SecurityConfig.from(config));
    }
}
