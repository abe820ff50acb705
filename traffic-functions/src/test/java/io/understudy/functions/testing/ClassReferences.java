package io.understudy.functions.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes and methods a compiled class refers to, read from its constant pool (JVMS 4.4):
 * every {@code CONSTANT_Class}, every class named in a descriptor, and every method reference as
 * {@code owner.name} (e.g. {@code java/lang/System.nanoTime}).
 */
public record ClassReferences(Set<String> classes, Set<String> methods) {

    public static ClassReferences read(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] memberRefs = new int[count][];
        int[][] nameAndTypes = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // 8-byte constants take two slots
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11 -> memberRefs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> classes = new HashSet<>();
        Set<String> methods = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                classes.add(utf8[classNameIndex[i]]);
            }
            if (utf8[i] != null) {
                // descriptors and signatures: Ljava/util/Random; anywhere in the text
                int at = 0;
                while ((at = utf8[i].indexOf('L', at)) >= 0) {
                    int end = utf8[i].indexOf(';', at);
                    if (end < 0) {
                        break;
                    }
                    classes.add(utf8[i].substring(at + 1, end));
                    at++;
                }
            }
        }
        for (int i = 1; i < count; i++) {
            if (memberRefs[i] != null && memberRefs[i][0] != 9) {
                String owner = utf8[classNameIndex[memberRefs[i][1]]];
                String name = utf8[nameAndTypes[memberRefs[i][2]][0]];
                methods.add(owner + "." + name);
            }
        }
        return new ClassReferences(classes, methods);
    }
}
