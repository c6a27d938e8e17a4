package l4.console;

import java.util.function.UnaryOperator;

/** The short boot banner: what runs, on which architecture (the one that booted) and Java, and where the log goes. */
final class Banner {

    private Banner() {
    }

    /**
     * @param properties framework properties (l4.data, java.version, ...)
     * @param version the version of this bundle, i.e. of the distribution
     * @param machine the architecture of the machine that booted, or why none did
     * @param interactive whether a Gogo prompt follows
     */
    static String text(UnaryOperator<String> properties, String version, String machine, boolean interactive) {
        String data = properties.apply("l4.data");
        String java = orElse(properties.apply("java.version"), "?");
        StringBuilder b = new StringBuilder();
        b.append("L4 Version 2 microkernel simulator ").append(version)
            .append(" | arch: ").append(orElse(machine, "none booted"))
            .append(" | Java ").append(java);
        if (data != null) {
            b.append(System.lineSeparator())
                .append("data: ").append(data)
                .append(" | log: ").append(data).append("/l4.log");
        }
        if (interactive) {
            b.append(System.lineSeparator())
                .append("Gogo shell: 'help' lists the commands, 'lb' the bundles; 'stop 0' or Ctrl-D quits.");
        }
        return b.toString();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
