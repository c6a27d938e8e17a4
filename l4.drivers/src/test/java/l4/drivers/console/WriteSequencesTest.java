package l4.drivers.console;

import static org.junit.jupiter.api.Assertions.*;

import l4.api.ThreadId;
import org.junit.jupiter.api.Test;

class WriteSequencesTest {
    final ThreadId a = ThreadId.of(0, 2, 7, 0, 1), b = ThreadId.of(0, 2, 8, 0, 1), aAgain = ThreadId.of(0, 2, 7, 0, 2);

    @Test
    void aRetryOfTheLastWriteIsRecognisedPerClientThread() {
        WriteSequences s = new WriteSequences();
        assertFalse(s.taken(a, 1));
        s.take(a, 1);
        assertTrue(s.taken(a, 1), "the same write again: its reply was lost");
        assertFalse(s.taken(a, 2), "the next write");
        assertFalse(s.taken(b, 1), "another client's write with the same number");
        assertFalse(s.taken(aAgain, 1), "a new incarnation of the client (new version) starts afresh");
        s.take(a, 2);
        assertFalse(s.taken(a, 1), "only the last write counts");
    }

    @Test
    void writesWithoutASequenceNumberAreNeverRetries() {
        WriteSequences s = new WriteSequences();
        s.take(a, 0);
        assertFalse(s.taken(a, 0));
    }
}
