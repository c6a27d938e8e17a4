package l4.itest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The log lines written since a mark: the framework runs in the test JVM, whose SLF4J provider
 * writes to the file named by {@code org.slf4j.simpleLogger.logFile} (see the pom).
 */
final class LogTail {

    private final String path;
    private final long mark;

    private LogTail(String path, long mark) {
        this.path = path;
        this.mark = mark;
    }

    /** Marks the end of the log now. */
    static LogTail mark() {
        String path = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (path == null || path.isBlank() || path.startsWith("System.")) {
            throw new IllegalStateException("org.slf4j.simpleLogger.logFile names no log file: " + path);
        }
        return new LogTail(path, length(path));
    }

    /** Everything logged since the mark. */
    String since() {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            long end = f.length();
            if (end <= mark) {
                return "";
            }
            byte[] bytes = new byte[(int) (end - mark)];
            f.seek(mark);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e, e);
        }
    }

    /** Waits until a line containing {@code text} was logged since the mark; that line, or null. */
    String await(String text, Duration timeout) throws InterruptedException {
        String[] found = new String[1];
        Await.until(() -> {
            for (String line : since().split("\\R")) {
                if (line.contains(text)) {
                    found[0] = line;
                    return true;
                }
            }
            return false;
        }, timeout);
        return found[0];
    }

    private static long length(String path) {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            return f.length();
        } catch (IOException e) {
            return 0;
        }
    }
}
