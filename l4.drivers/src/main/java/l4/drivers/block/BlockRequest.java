package l4.drivers.block;

import l4.api.ThreadId;

/** One client request of the block driver: the client, what, where, and its data (write: to the disk; read: from it). */
final class BlockRequest {
    final ThreadId client;
    final int op;
    final long lba;
    final int sectors;
    final byte[] data;
    int done;
    int status = -1;

    BlockRequest(ThreadId client, int op, long lba, int sectors, byte[] data) {
        this.client = client;
        this.op = op;
        this.lba = lba;
        this.sectors = sectors;
        this.data = data;
    }
}
