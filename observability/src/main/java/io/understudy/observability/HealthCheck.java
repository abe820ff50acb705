package io.understudy.observability;

/** A liveness or readiness check of a role; called on each request, so it must be quick. */
@FunctionalInterface
public interface HealthCheck {

    HealthReport check();
}
