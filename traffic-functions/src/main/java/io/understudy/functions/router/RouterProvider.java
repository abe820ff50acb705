package io.understudy.functions.router;

import io.understudy.api.FunctionConfig;
import io.understudy.api.TrafficFunction;
import io.understudy.api.TrafficFunctionProvider;

/** Loads {@code router} from the settings in {@link RouterConfig}. */
public final class RouterProvider implements TrafficFunctionProvider {

    @Override
    public String name() {
        return RouterFunction.NAME;
    }

    @Override
    public TrafficFunction<RouterFlowState> create(FunctionConfig config) {
        return new RouterFunction(RouterConfig.from(config));
    }
}
