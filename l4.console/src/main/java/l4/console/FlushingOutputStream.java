package l4.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The terminal as a command's output: JLine buffers the terminal's output stream (its line
 * reader flushes it), so without a flush after each write a command's output, its progress
 * lines included, would appear only when the command has ended.
 */
final class FlushingOutputStream extends FilterOutputStream {

    FlushingOutputStream(OutputStream terminal) {
        super(terminal);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        out.flush();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush(); // the terminal outlives a command's session
    }
}
