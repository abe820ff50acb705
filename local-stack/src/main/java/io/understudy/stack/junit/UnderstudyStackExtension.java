package io.understudy.stack.junit;

import io.understudy.stack.StackEndpoints;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link StackEndpoints} into test constructors, lifecycle methods and test methods. The
 * stack behind them starts on first use and is shared by every test class of the JVM (it lives in
 * the root {@link ExtensionContext.Store}, which stops it once, when the run ends).
 *
 * <p>What is started depends on the environment: see {@link TestStackPlan}. By default an
 * embedded Kafka broker and a local Apicurio Registry.
 */
public final class UnderstudyStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(UnderstudyStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return endpoints(extensionContext);
    }

    /** The shared stack's endpoints, starting it if this is the first use in this JVM. */
    public static StackEndpoints endpoints(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedTestStack.class, key -> SharedTestStack.start(TestStackPlan.fromEnvironment()),
                        SharedTestStack.class)
                .endpoints();
    }
}
