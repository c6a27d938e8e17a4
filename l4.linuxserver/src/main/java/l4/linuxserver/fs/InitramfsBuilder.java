package l4.linuxserver.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds the root file system archive: a folder copied as it is (directories, files with their
 * execute bits, symbolic links), plus busybox at /bin/busybox and one symbolic link to it per
 * applet, from a list of applet paths (one per line, e.g. "/usr/bin/awk", as
 * {@code busybox --list-full} prints them without the leading slash).
 */
public final class InitramfsBuilder {
    private final List<Cpio.Entry> entries = new ArrayList<>();
    private final TreeSet<String> directories = new TreeSet<>();

    public InitramfsBuilder addFolder(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted().toList()) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                if (name.isEmpty()) continue;
                if (Files.isSymbolicLink(p)) {
                    addSymlink(name, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    addDirectory(name);
                } else {
                    addFile(name, Files.isExecutable(p) ? 0755 : 0644, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public InitramfsBuilder addDirectory(String name) {
        name = strip(name);
        if (directories.add(name)) {
            int slash = name.lastIndexOf('/');
            if (slash > 0) addDirectory(name.substring(0, slash));
            entries.add(new Cpio.Entry(name, Inode.S_IFDIR | 0755, new byte[0]));
        }
        return this;
    }

    public InitramfsBuilder addFile(String name, int perm, byte[] data) {
        name = strip(name);
        parents(name);
        entries.add(new Cpio.Entry(name, Inode.S_IFREG | perm, data));
        return this;
    }

    public InitramfsBuilder addSymlink(String name, String target) {
        name = strip(name);
        parents(name);
        entries.add(new Cpio.Entry(name, Inode.S_IFLNK | 0777, target.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** busybox at /bin/busybox and a link for each applet path of {@code links} (other than /bin/busybox). */
    public InitramfsBuilder addBusybox(byte[] busybox, List<String> links) {
        addFile("bin/busybox", 0755, busybox);
        for (String l : links) {
            String path = strip(l.trim());
            if (path.isEmpty() || path.startsWith("#") || path.equals("bin/busybox")) continue;
            addSymlink(path, "/bin/busybox");
        }
        return this;
    }

    private void parents(String name) {
        int slash = name.lastIndexOf('/');
        if (slash > 0) addDirectory(name.substring(0, slash));
    }

    private static String strip(String name) {
        while (name.startsWith("/")) name = name.substring(1);
        return name;
    }

    public byte[] build() {
        return Cpio.write(entries);
    }

    /**
     * Build-time entry: {@code folder busybox links output}. Writes the archive; the server reads
     * it from its class path at run time.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: InitramfsBuilder FOLDER BUSYBOX APPLET-LIST OUTPUT");
            System.exit(2);
        }
        byte[] archive = new InitramfsBuilder().addFolder(Path.of(args[0]))
                .addBusybox(Files.readAllBytes(Path.of(args[1])), Files.readAllLines(Path.of(args[2])))
                .build();
        Path out = Path.of(args[3]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, archive);
    }
}
