package l4.linuxserver.server;

import java.util.function.LongSupplier;
import l4.linuxserver.colocated.CoLocatedLinux;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.FramePool;
import l4.linuxserver.sys.LinuxSystem;

/** A Linux layer for the server-core tests: the default initramfs and frames that are never given back. */
final class CoreFixture {
    private static byte[] initramfs;

    private CoreFixture() {}

    static LinuxSystem linux(MipsN64Abi abi, LongSupplier clockNanos) {
        return linux(abi, clockNanos, b -> {});
    }

    /** As {@link #linux(MipsN64Abi, LongSupplier)}, the console's bytes to {@code console}. */
    static LinuxSystem linux(MipsN64Abi abi, LongSupplier clockNanos, java.util.function.IntConsumer console) {
        if (initramfs == null) initramfs = CoLocatedLinux.defaultInitramfs();
        FramePool pool = new FramePool() {
            long next = 0x100;

            @Override
            public Frame allocate() {
                return Frame.of(next++, new byte[AddressSpace.PAGE]);
            }

            @Override
            public void release(Frame f) {}
        };
        return new LinuxSystem(abi, pool, clockNanos, initramfs, console);
    }
}
