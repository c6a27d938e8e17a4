package l4.linuxserver.fs;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * A pipe with Linux's buffering (fs/pipe.c): 16 pages of 4 KiB; a write of at most PIPE_BUF
 * (4096) bytes goes in whole or waits; a longer write goes in as far as there is room. A read of an
 * empty pipe waits while a writer exists and returns 0 after the last writer closed; a write after
 * the last reader closed fails with EPIPE (the layer sends SIGPIPE).
 */
public final class Pipe {
    public static final int CAPACITY = 16 * 4096;
    public static final int PIPE_BUF = 4096;

    private final byte[] ring = new byte[CAPACITY];
    private int head;
    private int count;
    private int readers;
    private int writers;
    public final Inode inode = new Inode(Inode.S_IFIFO | 0600) {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public int dev() {
            return 5;
        }
    };

    public Stream readEnd() {
        readers++;
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                if (count == 0) {
                    if (writers == 0 || length == 0) return 0;
                    throw WouldBlock.INSTANCE;
                }
                int n = Math.min(length, count);
                for (int i = 0; i < n; i++) into[at + i] = ring[(head + i) % CAPACITY];
                head = (head + n) % CAPACITY;
                count -= n;
                return n;
            }

            @Override
            public int write(byte[] from, int at, int length) {
                throw new LinuxError(Errno.EBADF);
            }

            @Override
            public boolean readReady() {
                return count > 0 || writers == 0;
            }

            @Override
            public void release() {
                readers--;
            }
        };
    }

    public Stream writeEnd() {
        writers++;
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                throw new LinuxError(Errno.EBADF);
            }

            @Override
            public int write(byte[] from, int at, int length) {
                if (readers == 0) throw new LinuxError(Errno.EPIPE);
                int room = CAPACITY - count;
                if (length == 0) return 0;
                if (room == 0 || (length <= PIPE_BUF && room < length)) throw WouldBlock.INSTANCE;
                int n = Math.min(length, room);
                for (int i = 0; i < n; i++) ring[(head + count + i) % CAPACITY] = from[at + i];
                count += n;
                return n;
            }

            @Override
            public boolean writeReady() {
                return readers == 0 || CAPACITY - count >= PIPE_BUF;
            }

            @Override
            public void release() {
                writers--;
            }
        };
    }

    /** The read ends open now. */
    public int readers() {
        return readers;
    }

    /** The write ends open now. */
    public int writers() {
        return writers;
    }

    public int buffered() {
        return count;
    }
}
