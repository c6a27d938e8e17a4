package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.start;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * The registers are the message: counted on the test architecture, whose register files count
 * every read and write of a message-word register. Per word and direction of a short IPC between
 * two Java threads there are exactly two writes (the sender's binding loads the word into its
 * register, the kernel copies it into the receiver's) and two reads (the kernel's copy, the
 * receiver's binding unpacking it into its result): the value is copied three times, once by the
 * kernel, and no copy passes through an argument or result block. The only other access is the
 * trace event of each message, which records word 0.
 */
class MessageCopiesTest {
    private static final int MR = 4;
    private static final int ROUNDS = 100;

    @Test
    void aRoundTripCopiesEachWordOncePerDirectionInTheKernelAndOnceAtEachEdgeOfTheBinding() throws Exception {
        TestArchitecture arch = new TestArchitecture(64, MR);
        long[] counted = new long[2];
        try (TestMachine m = new TestMachine(arch, new KernelConfig())) {
            m.run(l4 -> {
                ThreadId echo = start(l4, 1, x -> {
                    IpcResult r = x.waitAny(Timeout.NEVER);
                    long[] reply = new long[MR];
                    while (true) {
                        for (int i = 0; i < MR; i++) reply[i] = r.word(i) + 1;
                        r = x.replyAndWait(r.source(), reply, Timeout.NEVER);
                    }
                });
                long[] words = {10, 20, 30, 40};
                assertArrayEquals(new long[] {11, 21, 31, 41}, l4.call(echo, words, Timeout.NEVER).words());
                long reads = arch.wordReads;
                long writes = arch.wordWrites;
                for (int n = 0; n < ROUNDS; n++) {
                    words[0] = n;
                    IpcResult r = l4.call(echo, words, Timeout.NEVER);
                    assertEquals(n + 1, r.word(0));
                    assertEquals(41, r.word(3));
                }
                counted[0] = arch.wordReads - reads;
                counted[1] = arch.wordWrites - writes;
            });
        }
        // two directions per round trip, MR words each
        assertEquals(2L * 2 * MR * ROUNDS, counted[1], "word-register writes");
        assertEquals((2L * 2 * MR + 2) * ROUNDS, counted[0], "word-register reads (and word 0 for each trace event)");
    }
}
