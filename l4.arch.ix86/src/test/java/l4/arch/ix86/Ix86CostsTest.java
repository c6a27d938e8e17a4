package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import l4.kernel.shell.PublishedCosts;
import l4.kernel.testarch.PublishedCostsCheck;
import org.junit.jupiter.api.Test;

/** Every figure {@code l4:costs} measures on ix86 lies within ±25% of the published one it names. */
class Ix86CostsTest {
    @Test
    void everyPublishedFigureWithinAQuarter() {
        Map<String, Object> measured = PublishedCostsCheck.measure("ix86", Ix86Architecture::new);
        List<String> outside = PublishedCostsCheck.outsideAQuarter("ix86", measured);
        System.out.println("[ix86 costs] " + measured);
        assertTrue(outside.isEmpty(), String.join("\n", outside) + "\n" + measured);
        assertTrue(measured.containsKey(PublishedCosts.EX_REGS_RESTART) && measured.containsKey(PublishedCosts.ID_NEAREST));
    }
}
