package io.understudy.api;

/**
 * Creates a {@link TrafficFunction} from its static configuration. Providers are found with
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.understudy.api.TrafficFunctionProvider}).
 */
public interface TrafficFunctionProvider {

    /** The name nodes are started with ({@code --function NAME}). */
    String name();

    /**
     * Creates the function.
     *
     * @param config the static configuration; every node of a deployment gets the same one
     * @throws IllegalArgumentException with a clear message when the configuration is wrong
     */
    TrafficFunction<?> create(FunctionConfig config);
}
