package l4.kernel.testarch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import l4.spi.RegisterFile;
import l4.spi.SyscallAbi;

/**
 * The SPI's promise for {@link RegisterFile#plainRegisters}: each message-word register is a
 * plain element of the array, cut to the machine word when set. The architecture modules' ABI
 * tests share it.
 */
public final class PlainRegistersCheck {
    private PlainRegistersCheck() {
    }

    /** Checks the promise for the first {@code words} message words of {@code abi}, {@code wordMask} the machine word. */
    public static void messageWordsArePlainElements(SyscallAbi abi, int words, long wordMask) {
        RegisterFile regs = abi.newRegisterFile();
        long[] plain = regs.plainRegisters();
        for (int i = 0; i < words; i++) {
            int r = abi.messageWordRegister(i);
            regs.set(r, 0x0123_4567_89AB_CDEFL + i);
            assertEquals((0x0123_4567_89AB_CDEFL + i) & wordMask, plain[r], "set of word " + i);
            plain[r] = 0x7654_3210L + i;
            assertEquals(0x7654_3210L + i, regs.get(r), "get of word " + i);
        }
    }
}
