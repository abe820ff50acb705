package io.understudy.bridge;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a flow id may be, for every endpoint: 1 to {@value #MAX_BYTES} bytes of valid UTF-8 with
 * no control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) and no line or
 * paragraph separators (U+2028, U+2029). Anything else printable is fine, spaces and '/' included.
 *
 * <p>Why the rule: a flow id is the Kafka key, appears in logs, audit tools and HTTP paths, and is
 * compared byte for byte by every node; control characters would make it ambiguous to print.
 */
public final class FlowIdSyntax {

    /** The longest flow id, in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;

    /** The rule in one sentence, appended to every complaint. */
    public static final String RULE = "a flow id is 1 to " + MAX_BYTES
            + " bytes of UTF-8 without control characters";

    private FlowIdSyntax() {
    }

    /**
     * Checks a flow id.
     *
     * @return the flow id, unchanged
     * @throws InvalidFlowIdException saying what is wrong with it
     */
    public static String require(String flowId) {
        Optional<String> problem = problemWith(flowId);
        if (problem.isPresent()) {
            throw new InvalidFlowIdException(problem.get());
        }
        return flowId;
    }

    /** What is wrong with a flow id, or empty when it is valid. */
    public static Optional<String> problemWith(String flowId) {
        if (flowId == null || flowId.isEmpty()) {
            return Optional.of("Flow id is empty: " + RULE);
        }
        for (int i = 0; i < flowId.length(); ) {
            int codePoint = flowId.codePointAt(i);
            if (isForbidden(codePoint)) {
                return Optional.of(String.format("Flow id '%s' holds the control character U+%04X at index %d: %s",
                        printable(flowId), codePoint, i, RULE));
            }
            if (Character.isSurrogate(flowId.charAt(i)) && Character.charCount(codePoint) == 1) {
                return Optional.of("Flow id '" + printable(flowId) + "' holds a lone surrogate at index " + i
                        + " and cannot be encoded as UTF-8: " + RULE);
            }
            i += Character.charCount(codePoint);
        }
        int bytes = flowId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("Flow id '" + printable(flowId.substring(0, 40)) + "...' is " + bytes
                    + " bytes long: " + RULE);
        }
        return Optional.empty();
    }

    /**
     * Decodes a flow id sent as UTF-8 bytes (all remaining bytes of {@code utf8}) and checks it.
     *
     * @throws InvalidFlowIdException when the bytes are not valid UTF-8 or the flow id breaks the rule
     */
    public static String decode(ByteBuffer utf8) {
        int length = utf8.remaining();
        if (length == 0 || length > MAX_BYTES) {
            throw new InvalidFlowIdException("Flow id is " + length + " bytes long: " + RULE);
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8);
        } catch (CharacterCodingException e) {
            throw new InvalidFlowIdException("Flow id is not valid UTF-8 (" + e.getMessage() + "): " + RULE);
        }
        return require(chars.toString());
    }

    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The flow id with forbidden characters shown as \\uXXXX, fit to quote in a message or a log. */
    static String printable(String flowId) {
        StringBuilder out = new StringBuilder(flowId.length());
        flowId.codePoints().forEach(cp -> {
            if (isForbidden(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A flow id that breaks the rule; the message says how. */
    public static final class InvalidFlowIdException extends IllegalArgumentException {
        public InvalidFlowIdException(String message) {
            super(message);
        }
    }
}
