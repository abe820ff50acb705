package io.understudy.functions.security;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;

import java.security.InvalidKeyException;
import java.util.List;

/**
 * Terminates {@link SecureWireFormat} sessions: a HANDSHAKE opens the flow's session (the key is
 * derived once and kept in the flow state), each DATA packet is checked against the replay
 * window, decrypted and authenticated, and its plaintext forwarded (one emission, no destination).
 *
 * <p>Drops: control records; malformed packets; a handshake on a flow that has a session (a
 * replayed handshake must not reset the replay window: a new session needs a new flow); a
 * handshake with a small-order key; data before a handshake ("unknown session"); "replay";
 * "outside replay window"; "authentication failed". A drop leaves the session usable and counts
 * in its {@link SecureFlowState#drops()}.
 *
 * <p>Deterministic: no clock, no random source; nonces come from sequence numbers. Cipher objects
 * are cached per thread ({@link DataDecryptor}) and hold no flow state: a node normally uses an
 * instance from one stream thread at a time, and sharing one between threads is safe too.
 */
public final class SecurityEngineFunction implements TrafficFunction<SecureFlowState> {

    public static final String NAME = "security-engine";
    public static final String VERSION = "1";

    private final NodeKeyPair nodeKey;
    private final byte[] nodePublicKey;
    private final ThreadLocal<DataDecryptor> decryptors = ThreadLocal.withInitial(DataDecryptor::new);

    public SecurityEngineFunction(SecurityConfig config) {
        this.nodeKey = config.nodeKey();
        this.nodePublicKey = nodeKey.publicKey();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** The fingerprint of the node's public key: primary and backups must hold the same key pair. */
    @Override
    public String configFingerprint() {
        return nodeKey.fingerprint();
    }

    @Override
    public StateCodec<SecureFlowState> stateCodec() {
        return SecureFlowState.CODEC;
    }

    @Override
    public Outcome<SecureFlowState> process(SecureFlowState state, Packet packet) {
        if (packet.control()) {
            return Outcome.drop(state, SecurityDropReason.CONTROL_RECORD.phrase());
        }
        byte[] wire = packet.payload();
        if (wire.length < 2 || wire[0] != SecureWireFormat.VERSION) {
            return drop(state, SecurityDropReason.MALFORMED);
        }
        if (wire[1] == SecureWireFormat.HANDSHAKE && wire.length == SecureWireFormat.HANDSHAKE_SIZE) {
            return handshake(state, packet.flowId(), wire);
        }
        if (wire[1] == SecureWireFormat.DATA && wire.length >= SecureWireFormat.MIN_DATA_SIZE) {
            return data(state, packet.flowId(), wire);
        }
        return drop(state, SecurityDropReason.MALFORMED);
    }

    private Outcome<SecureFlowState> handshake(SecureFlowState state, String flowId, byte[] wire) {
        if (state != null) {
            return drop(state, SecurityDropReason.SESSION_EXISTS);
        }
        byte[] clientPublicKey = SecureWireFormat.handshakeKey(wire);
        byte[] secret;
        try {
            secret = X25519.sharedSecret(nodeKey.privateKey(), clientPublicKey);
        } catch (InvalidKeyException e) {
            return drop(null, SecurityDropReason.HANDSHAKE_REJECTED);
        }
        byte[] sessionKey = SessionKeyDerivation.sessionKey(secret, clientPublicKey, nodePublicKey, flowId);
        // A handshake opens the session and emits nothing; it is not a drop.
        return Outcome.forward(SecureFlowState.opened(sessionKey), List.of());
    }

    private Outcome<SecureFlowState> data(SecureFlowState state, String flowId, byte[] wire) {
        long sequence = SecureWireFormat.sequenceOf(wire);
        if (sequence < 0) {
            return drop(state, SecurityDropReason.MALFORMED);
        }
        if (state == null) {
            return drop(null, SecurityDropReason.UNKNOWN_SESSION);
        }
        switch (state.window().check(sequence)) {
            case REPLAY:
                return drop(state, SecurityDropReason.REPLAY);
            case TOO_OLD:
                return drop(state, SecurityDropReason.OUTSIDE_REPLAY_WINDOW);
            case FRESH:
                break;
        }
        byte[] plaintext = decryptors.get().open(state.sessionKey(), flowId, sequence, wire);
        if (plaintext == null) {
            return drop(state, SecurityDropReason.AUTHENTICATION_FAILED);
        }
        return Outcome.forward(state.accepted(sequence, plaintext.length), Emission.of(plaintext));
    }

    private static Outcome<SecureFlowState> drop(SecureFlowState state, SecurityDropReason reason) {
        return Outcome.drop(state == null ? null : state.dropped(), reason.phrase());
    }
}
