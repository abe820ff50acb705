package io.understudy.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.topics.TopicContract;
import io.understudy.schemas.topics.TopicNames;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fuzzing the wire-format Avro decoder with arbitrary bytes and with valid records mutated byte
 * by byte: every outcome is a record or a {@link RecordDecodingException} saying what is wrong,
 * never another exception, and decoding allocates memory in proportion to the input (a length
 * field claiming gigabytes must not be believed).
 */
class AvroDeserializerProperties {

    /** Bytes a decode may allocate: this many per input byte, plus a fixed allowance (readers, schemas). */
    private static final long BYTES_PER_INPUT_BYTE = 64;
    private static final long FIXED_ALLOWANCE = 4L * 1024 * 1024;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final List<byte[]> samples;

    AvroDeserializerProperties() {
        SchemaCatalog.registerAll(registry, TopicNames.defaults(), List.of("a"));
        samples = Arrays.stream(TopicContract.values()).map(contract -> encode(contract)).toList();
    }

    @Property(tries = 1_000)
    void arbitraryBytesDecodeOrFailWithAReason(@ForAll @Size(max = 600) byte[] data,
                                               @ForAll("contracts") TopicContract contract) {
        decodeBounded(contract, data);
    }

    @Property(tries = 2_000)
    void mutatedValidRecordsDecodeOrFailWithAReason(@ForAll("contracts") TopicContract contract,
                                                    @ForAll("mutations") List<int[]> mutations) {
        byte[] data = samples.get(contract.ordinal()).clone();
        for (int[] mutation : mutations) {
            int at = ConfluentWireFormat.HEADER_LENGTH + Math.floorMod(mutation[0], Math.max(1,
                    data.length - ConfluentWireFormat.HEADER_LENGTH));
            switch (Math.floorMod(mutation[1], 3)) {
                case 0 -> data[Math.min(at, data.length - 1)] = (byte) mutation[2];
                case 1 -> data = Arrays.copyOf(data, Math.max(ConfluentWireFormat.HEADER_LENGTH, at)); // truncate
                default -> {
                    byte[] longer = Arrays.copyOf(data, data.length + 1); // insert a byte
                    System.arraycopy(data, Math.min(at, data.length), longer, Math.min(at, data.length) + 1,
                            data.length - Math.min(at, data.length));
                    longer[Math.min(at, data.length)] = (byte) mutation[2];
                    data = longer;
                }
            }
        }
        decodeBounded(contract, data);
    }

    @Example
    void aBytesFieldClaimingTwoGigabytesIsRefusedWithoutAllocatingThem() {
        // TrafficPacket: flowId "f", kind DATA (0), then payload with a length of 2^30 (zigzag varint)
        byte[] header = samples.get(TopicContract.INGRESS.ordinal());
        byte[] data = Arrays.copyOf(header, ConfluentWireFormat.HEADER_LENGTH + 8);
        int i = ConfluentWireFormat.HEADER_LENGTH;
        data[i++] = 2; // string of length 1
        data[i++] = 'f';
        data[i++] = 0; // enum index 0
        byte[] hugeLength = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}; // zigzag 2^31
        System.arraycopy(hugeLength, 0, data, i, hugeLength.length);
        decodeBounded(TopicContract.INGRESS, data);
    }

    @Example
    void anArrayClaimingABillionItemsIsRefusedWithoutAllocatingThem() {
        // NodeOutput: nodeId "a", partition 0, offset 0, timestamp 0, flowId "f", then emissions: count 2^30
        byte[] header = samples.get(TopicContract.NODE_OUTPUT.ordinal());
        byte[] data = Arrays.copyOf(header, ConfluentWireFormat.HEADER_LENGTH + 12);
        int i = ConfluentWireFormat.HEADER_LENGTH;
        data[i++] = 2;
        data[i++] = 'a';
        data[i++] = 0;
        data[i++] = 0;
        data[i++] = 0;
        data[i++] = 2;
        data[i++] = 'f';
        byte[] hugeCount = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        System.arraycopy(hugeCount, 0, data, i, hugeCount.length);
        decodeBounded(TopicContract.NODE_OUTPUT, data);
    }

    @Provide
    Arbitrary<TopicContract> contracts() {
        return Arbitraries.of(TopicContract.values());
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Arbitraries.integers().between(0, 1 << 16).array(int[].class).ofSize(3).list().ofMinSize(1).ofMaxSize(6);
    }

    private void decodeBounded(TopicContract contract, byte[] data) {
        AvroDeserializer<? extends SpecificRecord> decoder = AvroSerde.forValues(contract.valueType(), registry)
                .deserializer();
        decoder.deserialize("warm-up", samples.get(contract.ordinal())); // readers and schemas cached first
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            decoder.deserialize("fuzz", data);
        } catch (RecordDecodingException expected) {
            assertTrue(expected.reason() != null && !expected.reason().isBlank());
        } catch (OutOfMemoryError e) {
            fail("decoding " + data.length + " bytes ran out of memory");
        } catch (RuntimeException e) {
            fail("decoding " + data.length + " bytes threw " + e + " instead of a RecordDecodingException");
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long bound = FIXED_ALLOWANCE + BYTES_PER_INPUT_BYTE * data.length;
        assertTrue(allocated <= bound, "decoding " + data.length + " bytes allocated " + allocated + " bytes (bound "
                + bound + ")");
    }

    private byte[] encode(TopicContract contract) {
        @SuppressWarnings("unchecked")
        AvroSerde<SpecificRecord> serde = (AvroSerde<SpecificRecord>) AvroSerde.forValues(contract.valueType(), registry);
        TopicNames names = TopicNames.defaults();
        String topic = contract.perNode() ? contract.name(names, "a") : contract.name(names);
        return serde.serializer().serialize(topic, SampleRecords.forTopic(contract));
    }
}
