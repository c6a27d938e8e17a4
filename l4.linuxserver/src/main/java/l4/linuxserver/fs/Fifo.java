package l4.linuxserver.fs;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * A named pipe (mkfifo, mknod with S_IFIFO) after Linux's fifo_open ({@code fs/pipe.c}): its
 * pipe exists while an end is open, and what it holds goes with the last close. An open for
 * reading counts as a reader at once and waits until a writer opens (with O_NONBLOCK it does not
 * wait); an open for writing counts as a writer and waits until a reader opens (with O_NONBLOCK
 * and no reader it fails with ENXIO); an open for both never waits. Whether a partner came is
 * seen by the opens counted on the other side since the open began (Linux's r_counter and
 * w_counter), so a partner that opened and closed again still ends the wait.
 */
public final class Fifo extends Inode {
    private Pipe pipe;
    private long readerOpens, writerOpens;

    public Fifo(int mode) {
        super(S_IFIFO | (mode & 07777));
    }

    @Override
    public long size() {
        return 0;
    }

    /** The read ends open now (its pipe's). */
    public int readers() {
        return pipe == null ? 0 : pipe.readers();
    }

    /** The write ends open now. */
    public int writers() {
        return pipe == null ? 0 : pipe.writers();
    }

    /** Opens counted so far on the reading side ({@code reading}) or the writing side. */
    public long opens(boolean reading) {
        return reading ? readerOpens : writerOpens;
    }

    /** A new end: reading, writing, or both (O_RDWR); counted at once. */
    public Stream open(boolean read, boolean write) {
        if (pipe == null) pipe = new Pipe();
        Pipe p = pipe;
        Stream r = null, w = null;
        if (read) {
            readerOpens++;
            r = p.readEnd();
        }
        if (write) {
            writerOpens++;
            w = p.writeEnd();
        }
        Stream in = r, out = w;
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                if (in == null) throw new LinuxError(Errno.EBADF);
                return in.read(into, at, length);
            }

            @Override
            public int write(byte[] from, int at, int length) {
                if (out == null) throw new LinuxError(Errno.EBADF);
                return out.write(from, at, length);
            }

            @Override
            public boolean readReady() {
                return in != null && in.readReady();
            }

            @Override
            public boolean writeReady() {
                return out != null && out.writeReady();
            }

            @Override
            public void release() {
                if (in != null) in.release();
                if (out != null) out.release();
                if (p.readers() == 0 && p.writers() == 0 && pipe == p) pipe = null; // Linux frees the pipe with its last end
            }
        };
    }
}
