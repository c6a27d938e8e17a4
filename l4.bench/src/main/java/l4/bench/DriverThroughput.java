package l4.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.devices.ata.AtaDisk;
import l4.devices.ata.DiskImage;
import l4.devices.uart.SerialLine;
import l4.devices.uart.Uart16550;
import l4.drivers.client.DriverClient;
import l4.drivers.block.BlockDriver;
import l4.drivers.console.ConsoleDriver;
import l4.drivers.names.NameServer;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.RootTask;
import l4.sigma0.Sigma0;
import l4.spi.Architecture;

/**
 * Throughput through the user-level drivers, in host time and in simulated time: console bytes
 * (a client writes to the console driver until the UART has put every byte on the line) and block
 * reads and writes of 4 KiB requests (write, flush, read back), beside the image file's own
 * throughput on this host measured in the same run (the same sizes through a FileChannel).
 *
 * <pre>java -cp ... l4.bench.DriverThroughput [consoleKiB] [diskMiB]</pre>
 */
public final class DriverThroughput {
    record Result(long hostNanos, long simMicros) {
        double perHostSecond(double units) { return units / (hostNanos / 1e9); }
        double perSimSecond(double units) { return units / (simMicros / 1e6); }
    }

    public static void main(String[] args) throws Exception {
        int consoleKiB = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int diskMiB = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("l4-bench");
        System.out.printf("console: %d KiB; disk: %d MiB in 4 KiB requests (write, flush, read back)%n", consoleKiB, diskMiB);
        for (Architecture arch : new Architecture[] {new Ix86Architecture(), new MipsArchitecture()}) run(arch, dir, 4, 1); // warm-up
        for (Architecture arch : new Architecture[] {new Ix86Architecture(), new MipsArchitecture()}) {
            Result[] r = run(arch, dir, consoleKiB, diskMiB);
            System.out.printf("%-5s console  %8.0f bytes per host s   %7.0f bytes per simulated s (115200 baud: 11520)%n", arch.name(),
                    r[0].perHostSecond(consoleKiB * 1024.0), r[0].perSimSecond(consoleKiB * 1024.0));
            System.out.printf("%-5s write    %8.2f MB per host s       %7.2f MB per simulated s%n", arch.name(),
                    r[1].perHostSecond(diskMiB * 1.048576), r[1].perSimSecond(diskMiB * 1.048576));
            System.out.printf("%-5s read     %8.2f MB per host s       %7.2f MB per simulated s%n", arch.name(),
                    r[2].perHostSecond(diskMiB * 1.048576), r[2].perSimSecond(diskMiB * 1.048576));
        }
        Result[] file = imageFile(dir.resolve("raw.img"), diskMiB);
        System.out.printf("image file on this host: write %.1f MB/s, read %.1f MB/s (FileChannel, 4 KiB, then force)%n",
                file[0].perHostSecond(diskMiB * 1.048576), file[1].perHostSecond(diskMiB * 1.048576));
    }

    static Result[] run(Architecture arch, Path dir, int consoleKiB, int diskMiB) throws Exception {
        SerialLine line = new SerialLine(1 << 20);
        DiskImage image = new DiskImage(dir.resolve(arch.name() + ".img"), (long) (diskMiB + 1) * 2048);
        Kernel k = new Kernel(arch, new KernelConfig());
        k.devices.attach(new Uart16550(Uart16550.COM1, Uart16550.COM1_IRQ, line));
        k.devices.attach(new AtaDisk(image, new AtaDisk.Timing(100, 31, 1000)));
        CompletableFuture<Result[]> done = new CompletableFuture<>();
        l4.api.ThreadBody client = l4 -> {
            try {
                done.complete(measure(l4, k, line, consoleKiB, diskMiB));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
            while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
        };
        k.boot(new Sigma0()::main, new RootTask(List.of(
                new RootTask.Module("names", new NameServer()::main, 100),
                new RootTask.Module("console", new ConsoleDriver()::main, 100),
                new RootTask.Module("block", new BlockDriver()::main, 100),
                new RootTask.Module("bench", client, 90)), 3));
        try {
            return done.get(600, TimeUnit.SECONDS);
        } finally {
            k.halt();
            k.stoppedFuture().get(10, TimeUnit.SECONDS);
            image.close();
        }
    }

    static Result[] measure(l4.api.L4 l4, Kernel k, SerialLine line, int consoleKiB, int diskMiB) {
        DriverClient d = new DriverClient(l4);
        ThreadId console = d.lookup("console", 1_000_000);
        ThreadId block = d.lookup("block", 1_000_000);
        if (console.isNil() || block.isNil()) throw new IllegalStateException("drivers did not register");
        // console: write until every byte has left the UART
        String chunk = "0123456789abcdef".repeat(4);
        long total = consoleKiB * 1024L;
        long before = line.total();
        long h0 = System.nanoTime();
        long s0 = k.clock.micros();
        for (long sent = 0; sent < total; sent += chunk.length()) {
            if (!d.write(console, chunk)) throw new IllegalStateException("console write failed");
        }
        while (line.total() - before < total) l4.sleep(1000);
        Result con = new Result(System.nanoTime() - h0, k.clock.micros() - s0);
        // block: 4 KiB requests
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x5A);
        int requests = diskMiB * 256;
        h0 = System.nanoTime();
        s0 = k.clock.micros();
        for (int i = 0; i < requests; i++) {
            if (!d.writeSectors(block, 8L * i, data)) throw new IllegalStateException("write failed: " + d.lastStatus());
        }
        if (!d.flush(block)) throw new IllegalStateException("flush failed");
        Result wr = new Result(System.nanoTime() - h0, k.clock.micros() - s0);
        h0 = System.nanoTime();
        s0 = k.clock.micros();
        for (int i = 0; i < requests; i++) {
            byte[] back = d.readSectors(block, 8L * i, 8);
            if (back == null || back.length != 4096 || back[4095] != 0x5A) throw new IllegalStateException("read failed: " + d.lastStatus());
        }
        Result rd = new Result(System.nanoTime() - h0, k.clock.micros() - s0);
        return new Result[] {con, wr, rd};
    }

    static Result[] imageFile(Path file, int diskMiB) throws Exception {
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x5A);
        int requests = diskMiB * 256;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long h0 = System.nanoTime();
            for (int i = 0; i < requests; i++) ch.write(ByteBuffer.wrap(data), 4096L * i);
            ch.force(true);
            Result wr = new Result(System.nanoTime() - h0, 1);
            ByteBuffer b = ByteBuffer.allocate(4096);
            h0 = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                b.clear();
                ch.read(b, 4096L * i);
            }
            Result rd = new Result(System.nanoTime() - h0, 1);
            return new Result[] {wr, rd};
        }
    }
}
