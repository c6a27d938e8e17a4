package l4.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwoBuildsTest {
    @Test
    void quantilesByClosestRank() {
        List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertEquals(3.0, TwoBuilds.quantile(v, 0.5));
        assertEquals(2.0, TwoBuilds.quantile(v, 0.25));
        assertEquals(4.0, TwoBuilds.quantile(v, 0.75));
        assertEquals(1.0, TwoBuilds.quantile(v, 0));
        assertEquals(5.0, TwoBuilds.quantile(v, 1));
        // even count: the upper of the two middle values; rank round(0.25·7) = 2, round(0.75·7) = 5
        List<Double> w = List.of(8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0);
        assertEquals(5.0, TwoBuilds.quantile(w, 0.5));
        assertEquals(3.0, TwoBuilds.quantile(w, 0.25));
        assertEquals(6.0, TwoBuilds.quantile(w, 0.75));
        assertEquals(7.0, TwoBuilds.quantile(List.of(7.0), 0.5));
        assertThrows(IllegalArgumentException.class, () -> TwoBuilds.quantile(List.of(), 0.5));
    }

    @Test
    void pairsKeepRatiosAndMeans() {
        TwoBuilds.Pairs p = new TwoBuilds.Pairs();
        p.add(90, 100);
        p.add(110, 100);
        p.add(100, 200);
        assertEquals(3, p.size());
        assertEquals(0.9, p.ratio(0.5), 1e-12);
        assertEquals(0.5, p.ratio(0), 1e-12);
        assertEquals(0.9, p.ratio(0.25), 1e-12); // rank round(0.25·2) = 1
        assertEquals(1.1, p.ratio(0.75), 1e-12); // rank round(0.75·2) = 2
        assertEquals(100.0, p.meanA(), 1e-12);
        assertEquals(400.0 / 3, p.meanB(), 1e-12);
        assertEquals(100.0, p.a(0.5), 1e-12);
    }

    @Test
    void combinedCancelsASideBias() {
        double truth = 0.94;
        double bias = 1.05; // side A is favoured by 5 % in both runs
        double ab = truth * bias; // the build under test as A
        double ba = bias / truth; // the build under test as B: the other build's A/B
        assertEquals(truth, TwoBuilds.combined(ab, ba), 1e-12);
        assertEquals(1.0, TwoBuilds.combined(1.02, 1.02), 1e-12);
    }

    @Test
    void alternatesSoNeitherSideAlwaysGoesFirst() throws Exception {
        List<String> order = new ArrayList<>();
        TwoBuilds.Pairs p = TwoBuilds.alternate(() -> { order.add("A"); return 1.0; }, () -> { order.add("B"); return 2.0; },
                TwoBuilds.count(3), null);
        assertEquals(List.of("A", "B", "B", "A", "A", "B"), order);
        assertEquals(3, p.size());
        assertEquals(0.5, p.ratio(0.5), 1e-12);
    }

    @Test
    void rotatingMovesToTheNextEverySoManyCalls() throws Exception {
        List<String> order = new ArrayList<>();
        TwoBuilds.Batch r = TwoBuilds.rotating(2, () -> { order.add("0"); return 0; }, () -> { order.add("1"); return 1; },
                () -> { order.add("2"); return 2; });
        for (int i = 0; i < 8; i++) r.run();
        assertEquals(List.of("0", "0", "1", "1", "2", "2", "0", "0"), order);
    }

    /** A side for {@link #sidesRunInChildJvmsInTurn}: its measure is a thousand times its argument plus the number of batches this JVM ran. */
    public static final class CountingSide {
        private CountingSide() {}

        static TwoBuilds.Batch side(String[] a) {
            double base = Double.parseDouble(a[0]);
            int[] n = {0};
            return () -> base * 1000 + ++n[0];
        }
    }

    @Test
    void sidesRunInChildJvmsInTurn() throws Exception {
        TwoBuilds.Batch[] sides = TwoBuilds.inChildJvms(2, CountingSide.class, new String[] {"1"}, new String[] {"2"});
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(sides[0].run());
            b.add(sides[1].run());
        }
        // two JVMs a side, each counting its own batches, the next one every second call
        assertEquals(List.of(1001.0, 1002.0, 1001.0, 1002.0, 1003.0), a);
        assertEquals(List.of(2001.0, 2002.0, 2001.0, 2002.0, 2003.0), b);
    }
}
