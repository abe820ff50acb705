package io.understudy.functions.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StateCodingTest {

    @Test
    void writesFixedWidthBigEndianFields() {
        byte[] bytes = new StateWriter(17).writeByte(0xAB).writeShort(0x0102).writeInt(0x03040506)
                .writeLong(0x0708090A0B0C0D0EL).writeBytes(new byte[] {(byte) 0xF0, (byte) 0xF1}).toBytes();
        assertEquals("ab0102030405060708090a0b0c0d0ef0f1", HexFormat.of().formatHex(bytes));

        StateReader in = new StateReader("test state", bytes, 17);
        assertEquals(0xAB, in.readUnsignedByte());
        assertEquals(0x0102, in.readUnsignedShort());
        assertEquals(0x03040506, in.readInt());
        assertEquals(0x0708090A0B0C0D0EL, in.readLong());
        assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0xF1}, in.readBytes(2));
    }

    @Test
    void refusesAStateNotFilledExactly() {
        StateWriter writer = new StateWriter(9).writeLong(1);
        assertEquals("state encoding wrote 8 of 9 bytes",
                assertThrows(IllegalStateException.class, writer::toBytes).getMessage());
    }

    @Test
    void namesTheStateTypeWhenTheSizeIsWrong() {
        assertEquals("router flow state: expected 45 bytes, got 44",
                assertThrows(IllegalArgumentException.class, () -> new StateReader("router flow state", new byte[44], 45))
                        .getMessage());
    }

    @Test
    void namesTheFieldOutOfRange() {
        StateReader in = new StateReader("x state", new byte[] {7}, 1);
        assertEquals("x state is corrupt: format is 7, expected 1..1",
                assertThrows(IllegalArgumentException.class, () -> in.readByteInRange("format", 1, 1)).getMessage());
    }
}
