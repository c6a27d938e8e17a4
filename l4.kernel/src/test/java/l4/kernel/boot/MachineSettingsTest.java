package l4.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every property of l4.machine: good values pass, each bad one is one line naming property, value and what is allowed. */
class MachineSettingsTest {
    private static final Set<String> INSTALLED = Set.of("ix86", "mips");

    @Test
    void noPropertiesAreTheDefaults() {
        assertEquals(MachineSettings.DEFAULTS, MachineSettings.check(Map.of(), INSTALLED));
        assertEquals(MachineSettings.DEFAULTS, MachineSettings.check((Map<String, ?>) null, null));
    }

    @Test
    void goodValuesOfEveryType() {
        Map<String, Object> p = new HashMap<>();
        p.put("arch", "mips");
        p.put("memoryMiB", "128");
        p.put("scheduler", "benno");
        p.put("pacing", "true");
        p.put("traceCapacity", 16L);
        p.put("servers", "a, b");
        p.put("serverPriority", 255);
        p.put("smallSpaces", Boolean.TRUE);
        p.put("ipcFastPath", "false");
        p.put("service.pid", "l4.machine");
        p.put("felix.fileinstall.filename", "x");
        assertEquals(new MachineSettings("mips", 128, "BENNO", true, 16, List.of("a", "b"), 255, true, false),
                MachineSettings.check(p, INSTALLED));
    }

    @Test
    void everyBadValueIsOneLine() {
        bad("arch", "vax", "l4.machine: arch='vax' rejected: no such architecture is installed; allowed: ix86, mips or empty (the launcher's --arch, else ix86)");
        bad("arch", 7, "l4.machine: arch=7 rejected: a string: ix86, mips or empty (the launcher's --arch, else ix86)");
        bad("memoryMiB", -5, "l4.machine: memoryMiB=-5 rejected: an integer from 1 to 4096");
        bad("memoryMiB", "lots", "l4.machine: memoryMiB='lots' rejected: an integer from 1 to 4096");
        bad("memoryMiB", 4097, "l4.machine: memoryMiB=4097 rejected: an integer from 1 to 4096");
        bad("scheduler", "FIFO", "l4.machine: scheduler='FIFO' rejected: one of LAZY, BENNO");
        bad("pacing", "yes", "l4.machine: pacing='yes' rejected: true or false");
        bad("traceCapacity", 2_000_000_000, "l4.machine: traceCapacity=2000000000 rejected: an integer from 16 to 1048576");
        bad("traceCapacity", 0, "l4.machine: traceCapacity=0 rejected: an integer from 16 to 1048576");
        bad("servers", new String[] {"ok", "no way"}, "l4.machine: servers=[ok, no way] rejected: a list of program names (letters, digits, _ . -), bad: 'no way'");
        bad("serverPriority", 256, "l4.machine: serverPriority=256 rejected: an integer from 0 to 255");
        bad("smallSpaces", 1, "l4.machine: smallSpaces=1 rejected: true or false");
        bad("ipcFastPath", "off", "l4.machine: ipcFastPath='off' rejected: true or false");
        bad("memory", 64, "l4.machine: memory=64 rejected: unknown property; l4.machine has arch, memoryMiB, scheduler, pacing, traceCapacity, servers, serverPriority, smallSpaces, ipcFastPath");
    }

    @Test
    void unknownArchitectureNamesPassWhileTheInstalledOnesAreNotKnown() {
        assertEquals("later", MachineSettings.check(Map.of("arch", "later"), null).arch());
        assertThrows(MachineSettings.Rejected.class, () -> MachineSettings.check(Map.of("arch", "no way"), null));
    }

    @Test
    void allBadPropertiesAreNamed() {
        MachineSettings.Rejected r = assertThrows(MachineSettings.Rejected.class,
                () -> MachineSettings.check(Map.of("memoryMiB", 0, "scheduler", "x"), INSTALLED));
        assertEquals(2, r.problems().size(), r.getMessage());
    }

    private static void bad(String property, Object value, String line) {
        MachineSettings.Rejected r = assertThrows(MachineSettings.Rejected.class, () -> MachineSettings.check(Map.of(property, value), INSTALLED));
        assertEquals(List.of(line), r.problems());
    }
}
