package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CoLocatedSmokeTest {
    @Test
    void echoHi() {
        CoLocatedLinux l = new CoLocatedLinux(CoLocatedLinux.defaultInitramfs());
        CoLocatedLinux.Result r = l.shell("echo hi", 50_000_000);
        assertEquals("hi\n", r.output());
        assertEquals(0, r.status());
    }
}
