package io.understudy.harness.traffic;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The traffic functions the generator can speak to, by the name nodes know them by. */
public enum ClientProtocol {
    /** Payloads as they are; egress is the same bytes. */
    PASSTHROUGH("passthrough"),
    /** Router packets (18-byte header, then the data): SYN first, then ACK; egress is the packet, source-translated. */
    ROUTER("router"),
    /** A handshake, then AES-GCM sealed data packets; egress is the plaintext. */
    SECURITY_ENGINE("security-engine");

    private final String functionName;

    ClientProtocol(String functionName) {
        this.functionName = functionName;
    }

    public String functionName() {
        return functionName;
    }

    /**
     * The protocol of a traffic function.
     *
     * @throws IllegalArgumentException naming the functions there are
     */
    public static ClientProtocol of(String functionName) {
        for (ClientProtocol protocol : values()) {
            if (protocol.functionName.equals(functionName)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("no traffic generator for function '" + functionName + "' (there is one for "
                + Arrays.stream(values()).map(ClientProtocol::functionName).collect(Collectors.joining(", ")) + ")");
    }
}
