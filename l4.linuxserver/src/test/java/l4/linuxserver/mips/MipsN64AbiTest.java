package l4.linuxserver.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import l4.linuxserver.sys.Call;
import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxAbi;

class MipsN64AbiTest {
    private final MipsN64Abi abi = new MipsN64Abi();

    @Test
    void numbersFollowTheN64Table() {
        assertEquals(Call.READ, abi.call(5000));
        assertEquals(Call.WRITE, abi.call(5001));
        assertEquals(Call.EXECVE, abi.call(5057));
        assertEquals(Call.RT_SIGRETURN, abi.call(5211));
        assertEquals(Call.STATX, abi.call(5326));
        assertNull(abi.call(5040), "socket: in the table, not implemented");
        assertEquals("socket", abi.callName(5040));
        assertNull(abi.call(4001), "an o32 number");
        assertNull(abi.callName(9999));
    }

    @Test
    void errnoAndSignalsAreMipsNumbers() {
        assertEquals(89, abi.errno(Errno.ENOSYS));
        assertEquals(2, abi.errno(Errno.ENOENT));
        assertEquals(93, abi.errno(Errno.ENOTEMPTY));
        assertEquals(18, abi.signal(LinuxAbi.Sig.CHLD));
        assertEquals(23, abi.signal(LinuxAbi.Sig.STOP));
    }

    @Test
    void openFlagsTranslateBothWays() {
        int nativeFlags = 0x100 | 0x200 | 0x8 | 0x80000 | 1; // O_CREAT|O_TRUNC|O_APPEND|O_CLOEXEC|O_WRONLY
        int generic = abi.openFlags(nativeFlags);
        assertEquals(0100 | 01000 | 02000 | 02000000 | 1, generic);
        assertEquals(nativeFlags, abi.nativeOpenFlags(generic));
    }

    @Test
    void syscallReturnSetsA3AndSkipsTheInstruction() {
        MipsContext c = new MipsContext();
        c.pc = 0x1000;
        abi.returnFromSyscall(c, -89);
        assertEquals(89, c.gpr[2]);
        assertEquals(1, c.gpr[7]);
        assertEquals(0x1004, c.pc);
        abi.returnFromSyscall(c, 5);
        assertEquals(5, c.gpr[2]);
        assertEquals(0, c.gpr[7]);
    }
}
