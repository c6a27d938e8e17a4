package l4.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Stopping and starting any one l4.* bundle brings the whole system back to where it was. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestartIT extends L4Runtime {

    private static final Duration QUIET = Duration.ofMillis(200);

    @Test
    public void stoppingThenStartingEachL4BundleRestoresAllBundleAndComponentStates() throws Exception {
        Map<String, String> baseline = Await.stable(() -> SystemState.of(context, scr), QUIET, Await.TIMEOUT);
        List<Bundle> ours = Arrays.stream(context.getBundles())
            .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("l4."))
            // one that does not start is BundlesIT's finding; here only the round trip counts
            .filter(b -> b.getState() == Bundle.ACTIVE)
            .sorted(Comparator.comparingLong(Bundle::getBundleId))
            .collect(Collectors.toList());
        assertFalse("no active l4.* bundle", ours.isEmpty());

        for (Bundle bundle : ours) {
            bundle.stop();
            bundle.start();
            boolean back = Await.until(() -> SystemState.of(context, scr).equals(baseline), Await.TIMEOUT);
            if (!back) {
                fail("after stopping and starting " + bundle.getSymbolicName() + " the system did not come back within "
                    + Await.TIMEOUT.toSeconds() + " s:" + SystemState.diff(baseline, SystemState.of(context, scr)));
            }
            System.out.println("[itest] restarted " + bundle.getSymbolicName() + ": all states back");
        }
    }
}
