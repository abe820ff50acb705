package io.understudy.schemas.serde;

import io.understudy.schemas.registry.CompatibilityLevel;
import io.understudy.schemas.registry.SchemaRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Passes every call to a real registry and counts the calls that serdes make, to show they are cached. */
final class CountingSchemaRegistry implements SchemaRegistry {

    private final SchemaRegistry delegate;
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger schemaFetches = new AtomicInteger();

    CountingSchemaRegistry(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        lookups.incrementAndGet();
        return delegate.idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        schemaFetches.incrementAndGet();
        return delegate.schemaById(id);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
