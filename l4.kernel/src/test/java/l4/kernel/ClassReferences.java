package l4.kernel;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes each compiled kernel class refers to, read from the constant pools of the class
 * files (class entries and the descriptors of fields, methods and signatures): what the JVM links
 * against, including names written out in full and lambdas, which a look at the imports misses.
 */
final class ClassReferences {
    private static final Pattern NAME = Pattern.compile("l4/kernel(?:/[A-Za-z_][A-Za-z0-9_$]*)+");

    private ClassReferences() { }

    /** The directory the main classes of l4.kernel were compiled into. */
    static Path mainClasses() {
        try {
            Path p = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(p.resolve("l4/kernel"))) throw new IllegalStateException("no class directory: " + p);
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Top-level class (dotted name, nested classes folded into their outer class) → the l4.kernel classes it refers to. */
    static Map<String, Set<String>> kernelClasses(Path classes) throws IOException {
        Map<String, Set<String>> refs = new TreeMap<>();
        Path root = classes.resolve("l4/kernel");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = topLevel(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/').replaceAll("\\.class$", ""));
                Set<String> to = refs.computeIfAbsent(dotted(name), n -> new TreeSet<>());
                for (String utf8 : utf8Constants(Files.readAllBytes(f))) {
                    Matcher m = NAME.matcher(utf8);
                    while (m.find()) {
                        String target = dotted(topLevel(m.group()));
                        if (!target.equals(dotted(name))) to.add(target);
                    }
                }
            }
        }
        return refs;
    }

    /** Package → the other l4.kernel packages its classes refer to. */
    static Map<String, Set<String>> kernelPackages(Map<String, Set<String>> classes) {
        Map<String, Set<String>> deps = new TreeMap<>();
        classes.forEach((c, to) -> {
            Set<String> d = deps.computeIfAbsent(packageOf(c), p -> new TreeSet<>());
            for (String t : to) if (!packageOf(t).equals(packageOf(c))) d.add(packageOf(t));
        });
        return deps;
    }

    static String packageOf(String dottedClass) {
        return dottedClass.substring(0, dottedClass.lastIndexOf('.'));
    }

    private static String topLevel(String internal) {
        int dollar = internal.indexOf('$', internal.lastIndexOf('/') + 1);
        return dollar < 0 ? internal : internal.substring(0, dollar);
    }

    private static String dotted(String internal) {
        return internal.replace('/', '.');
    }

    /** Every CONSTANT_Utf8 of a class file (JVMS 4.4). */
    static Set<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Set<String> out = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        return out;
    }
}
