package io.understudy.functions.router;

/** The connection flags of a {@link RouterPacket}, with TCP's bit values. Only these four bits may be set. */
public final class TcpFlags {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    /** Every bit the format defines; any other bit set makes the flag combination invalid. */
    public static final int DEFINED = FIN | SYN | RST | ACK;

    private TcpFlags() {
    }

    /** E.g. "SYN", "FIN|ACK", "none". */
    public static String describe(int flags) {
        StringBuilder text = new StringBuilder();
        append(text, flags, SYN, "SYN");
        append(text, flags, FIN, "FIN");
        append(text, flags, RST, "RST");
        append(text, flags, ACK, "ACK");
        if ((flags & ~DEFINED) != 0) {
            append(text, flags, flags & ~DEFINED, String.format("0x%02x", flags & ~DEFINED));
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    private static void append(StringBuilder text, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            text.append(text.length() == 0 ? "" : "|").append(name);
        }
    }
}
