package l4.drivers.client;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ProtocolTest {
    @Test
    void keysAreFnv1a32AndNeverZeroForANameInUse() {
        assertEquals(0, Protocol.key(""), "empty name: no key");
        assertEquals(0xE40C292CL, Protocol.key("a"), "FNV-1a test vector for 'a'");
        assertEquals(0xBF9CF968L, Protocol.key("foobar"), "FNV-1a test vector for 'foobar'");
        assertNotEquals(Protocol.key("console"), Protocol.key("clock"));
        assertTrue(Protocol.key("console") <= 0xFFFF_FFFFL, "fits a 32-bit ix86 word");
    }

    @Test
    void requestWordsCarryOpAndArgument() {
        long w = Protocol.request(Protocol.WRITE, 56);
        assertEquals(Protocol.WRITE, Protocol.op(w));
        assertEquals(56, Protocol.arg(w));
    }

    @Test
    void aConsoleWriteCarriesItsCountAndSequenceNumberInOneIx86Word() {
        long w = Protocol.request(Protocol.WRITE, Protocol.writeArg(4, Protocol.MAX_SEQUENCE));
        assertTrue(w <= 0xFFFF_FFFFL, "fits a 32-bit ix86 word");
        assertEquals(Protocol.WRITE, Protocol.op(w));
        assertEquals(4, Protocol.writeCount(Protocol.arg(w)));
        assertEquals(Protocol.MAX_SEQUENCE, Protocol.writeSequence(Protocol.arg(w)));
        assertEquals(0, Protocol.writeSequence(Protocol.arg(Protocol.request(Protocol.WRITE, 56))), "no sequence number");
    }

    @Test
    void onlyTheChiefMayAskToDrain() {
        l4.api.ThreadId driver = l4.api.ThreadId.of(0, 2, 4, 0, 3);
        l4.api.ThreadId root = l4.api.ThreadId.of(0, 0, 2, 0, 1);
        l4.api.ThreadId client = l4.api.ThreadId.of(0, 2, 6, 0, 1);
        assertTrue(Protocol.drainRequest(driver, root, l4.api.UserProgram.DRAIN));
        assertFalse(Protocol.drainRequest(driver, client, l4.api.UserProgram.DRAIN), "a client cannot stop a driver");
        assertFalse(Protocol.drainRequest(driver, root, Protocol.WRITE));
    }

    @Test
    void bytesAndIdsInWords() {
        assertEquals(4, Words.bytesPerMessage(2, 4), "ix86: one 32-bit word of data");
        assertEquals(56, Words.bytesPerMessage(8, 8), "MIPS: seven 64-bit words");
        byte[] data = "hello, L4 world".getBytes();
        long[] words = new long[8];
        Words.pack(data, 0, data.length, words, 8);
        assertEquals(0, words[0], "word 0 is left to the header");
        assertArrayEquals(data, Words.unpack(words, data.length, 8));
        long[] ix86 = new long[2];
        Words.pack(data, 7, 4, ix86, 4);
        assertArrayEquals("L4 w".getBytes(), Words.unpack(ix86, 4, 4));
        long raw = 0x2004_0000_0008_0001L;
        long[] id = Words.idWords(raw);
        assertTrue(id[0] <= 0xFFFF_FFFFL && id[1] <= 0xFFFF_FFFFL);
        assertEquals(raw, Words.idFromWords(id[0], id[1]));
    }
}
