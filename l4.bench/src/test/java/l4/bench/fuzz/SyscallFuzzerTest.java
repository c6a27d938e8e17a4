package l4.bench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.spi.Architecture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A short run of the system-call fuzzer per architecture with fixed seeds (the long campaign is
 * {@link FuzzCampaign}). ix86 seed 3 is the one that found the kernel exception of a transfer
 * whose copier was restarted in the middle of a fault in the receiver's name.
 */
class SyscallFuzzerTest {

    @ParameterizedTest
    @CsvSource({"ix86, 3", "ix86, 11", "mips, 1", "mips, 12"})
    void noKernelExceptionNoHangNoIsolationViolation(String arch, long seed) throws Exception {
        Architecture a = arch.equals("mips") ? new MipsArchitecture() : new Ix86Architecture();
        SyscallFuzzer.Report r = SyscallFuzzer.run(a, new SyscallFuzzer.Settings(seed, 8, 25_000, 200_000, 20_000));
        assertTrue(r.clean(), r.toString());
        assertEquals(0, r.kernelExceptions(), r.toString());
        assertTrue(r.invariantChecks() > 5 && r.isolationChecks() > 5 && r.recreations() > 5, "the controller did its rounds: " + r);
    }
}
