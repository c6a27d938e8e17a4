package l4.run;

/**
 * The ping-pong benchmark as guest machine code (a DS service of a loader bundle, l4.loader's
 * shipped {@code pingpong} program): two threads of one task exchanging short register IPCs,
 * measured between the program's marks. The shell's {@code l4:pingpong --guest} uses it.
 */
@org.osgi.annotation.versioning.ProviderType
public interface GuestPingPong {
    /** {@code rounds} measured round trips: simulated cycles, guest instructions and host time over them. */
    record Result(long rounds, long cycles, long guestInstructions, long hostNanos) {
        /** Simulated cycles per one-way IPC: two IPCs per round trip. */
        public long cyclesPerIpc() { return rounds == 0 ? 0 : Math.round(cycles / (2.0 * rounds)); }

        public long hostNanosPerRoundTrip() { return rounds == 0 ? 0 : Math.round(hostNanos / (double) rounds); }
    }

    /**
     * Runs {@code warmup} unmeasured, then {@code rounds} measured round trips in guest code in
     * the running machine; an interrupt (Ctrl-C) kills the program.
     *
     * @throws IllegalArgumentException with a one-line reason (no MIPS machine, the program failed)
     */
    Result run(int rounds, int warmup) throws InterruptedException;
}
