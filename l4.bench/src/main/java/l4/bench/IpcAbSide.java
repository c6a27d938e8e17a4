package l4.bench;

import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;

/** One build's side of {@link IpcAb}: a bench machine with its ping-pong, loaded by that build's class loader. */
public final class IpcAbSide {
    private static Machines.PingPong pingPong;

    private IpcAbSide() {}

    /** Boots the machine ({@code ix86} or {@code mips}) and starts the ping-pong. */
    public static void setup(String arch) throws Exception {
        Kernel k = Machines.boot("mips".equals(arch) ? new MipsArchitecture() : new Ix86Architecture());
        pingPong = new Machines.PingPong(k);
    }

    /** Host ns per round trip of a batch of {@code n}. */
    public static double rounds(int n) throws Exception {
        long t0 = System.nanoTime();
        pingPong.rounds(n);
        return (System.nanoTime() - t0) / (double) n;
    }
}
