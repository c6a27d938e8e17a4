package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;

/** Every l4.* bundle resolves and starts; every component of ours gets where it can get. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesIT extends L4Runtime {

    @Test
    public void everyL4BundleResolvesAndIsActive() throws Exception {
        List<Bundle> ours = l4Bundles();
        assertEquals("l4.* bundles installed: " + names(ours), expectedL4Bundles(), ours.size());
        Await.until(() -> ours.stream().allMatch(b -> b.getState() == Bundle.ACTIVE), Await.TIMEOUT);
        List<String> notActive = ours.stream()
            .filter(b -> b.getState() != Bundle.ACTIVE)
            .map(BundlesIT::whyNotActive)
            .collect(Collectors.toList());
        assertTrue("l4.* bundles not ACTIVE:\n  " + String.join("\n  ", notActive), notActive.isEmpty());
    }

    @Test
    public void everyComponentOfOursIsActiveOrSatisfiedWhereItsReferencesAreSatisfiable() throws Exception {
        // configuration delivery and activation are asynchronous: give them a bounded time
        Await.until(() -> Components.check(context, scr).problems.isEmpty(), Await.TIMEOUT);
        Components result = Components.check(context, scr);
        result.excused.forEach(note -> System.out.println("[itest] excused: " + note));
        if (!result.problems.isEmpty()) {
            fail("components of l4.* bundles not ACTIVE/SATISFIED although they could be:\n  "
                + String.join("\n  ", result.problems));
        }
        System.out.println("[itest] components of l4.* bundles: " + Components.ours(scr).size() + ", excused: "
            + result.excused.size());
    }

    private List<Bundle> l4Bundles() {
        return Arrays.stream(context.getBundles())
            .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("l4."))
            .collect(Collectors.toList());
    }

    private static String names(List<Bundle> bundles) {
        return bundles.stream().map(Bundle::getSymbolicName).sorted().collect(Collectors.joining(", "));
    }

    /** The state, and for a bundle that does not start, what the framework says when asked to. */
    private static String whyNotActive(Bundle b) {
        String text = b.getSymbolicName() + " " + SystemState.bundleState(b.getState());
        if ((b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            return text + " (a fragment: l4.* bundles must be bundles)";
        }
        try {
            b.start();
            return text + " (started when asked again)";
        } catch (BundleException e) {
            return text + ": " + e.getMessage();
        }
    }
}
