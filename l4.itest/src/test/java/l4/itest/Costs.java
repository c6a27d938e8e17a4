package l4.itest;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lines of {@code l4:costs}: {@code NAME SIMULATED PUBLISHED SOURCE}, {@code -} where absent. */
final class Costs {

    /** One line; null for a {@code -}. */
    static final class Line {
        final String name;
        final Long simulated;
        final Long published;
        final String text;

        Line(String name, Long simulated, Long published, String text) {
            this.name = name;
            this.simulated = simulated;
            this.published = published;
            this.text = text;
        }
    }

    private Costs() {
    }

    static Map<String, Line> parse(String output) {
        Map<String, Line> lines = new LinkedHashMap<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 4);
            if (f.length < 3) {
                throw new AssertionError("l4:costs line not NAME SIMULATED PUBLISHED SOURCE: '" + line + "' in:\n" + output);
            }
            lines.put(f[0], new Line(f[0], value(f[1], line), value(f[2], line), line));
        }
        return lines;
    }

    private static Long value(String field, String line) {
        if (field.equals("-")) {
            return null;
        }
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new AssertionError("not a number or '-': '" + field + "' in l4:costs line '" + line + "'");
        }
    }

    /**
     * Every named operation has a line with a simulated figure, and every line with a published
     * figure lies within ±25% of it.
     */
    static void check(String arch, String output, List<String> required) {
        Map<String, Line> lines = parse(output);
        for (String name : required) {
            Line l = lines.get(name);
            assertNotNull("l4:costs on " + arch + " has no line " + name + ":\n" + output, l);
            assertNotNull("l4:costs on " + arch + " measured nothing for " + name + ": " + l.text + "\n" + output,
                l.simulated);
        }
        List<String> outside = new ArrayList<>();
        for (Line l : lines.values()) {
            if (l.published == null) {
                continue;
            }
            if (l.simulated == null) {
                outside.add(l.name + ": not measured (published " + l.published + ")");
                continue;
            }
            double ratio = (double) l.simulated / l.published;
            if (ratio < 0.75 || ratio > 1.25) {
                outside.add(String.format("%s: simulated %d vs published %d (%+.0f%%)", l.name, l.simulated,
                    l.published, (ratio - 1) * 100));
            }
        }
        assertTrue("l4:costs on " + arch + " outside ±25% of the published figures:\n  " + String.join("\n  ", outside)
            + "\n" + output, outside.isEmpty());
    }
}
