package io.understudy.bench.baseline;

import io.understudy.records.TrafficPacket;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-record work of the baseline: read the flow's state from the store, update it, write it
 * back, forward the packet. As with Understudy's passthrough function, the payload is forwarded
 * unchanged; the state is the number of packets seen on the flow, which becomes the output's
 * sequence. No clock and no random source.
 */
final class FlowCounter implements Processor<String, TrafficPacket, String, TrafficPacket> {

    static final String STORE = "flows";

    private final byte[] instance;
    private ProcessorContext<String, TrafficPacket> context;
    private KeyValueStore<String, Long> flows;

    FlowCounter(String instanceId) {
        this.instance = instanceId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void init(ProcessorContext<String, TrafficPacket> context) {
        this.context = context;
        this.flows = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, TrafficPacket> record) {
        TrafficPacket packet = record.value();
        if (packet == null) {
            return; // nothing to count; Understudy's node would report a bad record, the baseline skips it
        }
        Long seen = flows.get(packet.getFlowId());
        long count = seen == null ? 1 : seen + 1;
        flows.put(packet.getFlowId(), count);
        TrafficPacket out = TrafficPacket.newBuilder(packet).setSequence(count - 1).build();
        Record<String, TrafficPacket> forwarded = record.withValue(out);
        forwarded.headers().remove(BaselineConfig.INSTANCE_HEADER).add(BaselineConfig.INSTANCE_HEADER, instance);
        context.forward(forwarded);
    }
}
