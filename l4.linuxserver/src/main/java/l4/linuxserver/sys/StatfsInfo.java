package l4.linuxserver.sys;

/**
 * What statfs reports about a file system, before an ABI lays it out: its magic number, block
 * and fragment size, blocks (total, free, free to users), inodes (total, free), longest name and
 * mount flags (ST_*, with ST_VALID).
 */
public record StatfsInfo(long type, long blockSize, long blocks, long freeBlocks, long availableBlocks, long files,
        long freeFiles, long nameMax, long fragmentSize, long flags) {}
