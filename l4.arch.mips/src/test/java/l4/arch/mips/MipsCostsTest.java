package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import l4.kernel.shell.PublishedCosts;
import l4.kernel.testarch.PublishedCostsCheck;
import org.junit.jupiter.api.Test;

/** Every figure {@code l4:costs} measures on MIPS lies within ±25% of the published one it names. */
class MipsCostsTest {
    @Test
    void everyPublishedFigureWithinAQuarter() {
        Map<String, Object> measured = PublishedCostsCheck.measure("mips", MipsArchitecture::new);
        List<String> outside = PublishedCostsCheck.outsideAQuarter("mips", measured);
        System.out.println("[mips costs] " + measured);
        assertTrue(outside.isEmpty(), String.join("\n", outside) + "\n" + measured);
        assertTrue(measured.containsKey(PublishedCosts.EX_REGS_RESTART) && measured.containsKey(PublishedCosts.ID_NEAREST));
    }
}
