package l4.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The framework every integration test runs in: the l4.* bundles of this reactor run plus the
 * runtime they need, installed from the files that l4.itest's pom passes in system properties.
 */
public abstract class L4Runtime {

    /** Comma-separated jar files of the bundles under test (from the pom). */
    static final String BUNDLES = "l4.itest.bundles";
    /** Comma-separated jar files of the runtime bundles (SCR, ConfigAdmin, ...). */
    static final String RUNTIME = "l4.itest.runtime";

    @Inject
    protected BundleContext context;

    @Inject
    protected ServiceComponentRuntime scr;

    @Configuration
    public Option[] configuration() {
        String slf4j = System.getProperty("l4.itest.slf4j.version", "2.0.17");
        return options(
            // SLF4J comes from the test class path (slf4j-simple writes target/itest.log): as 2.x
            // for our bundles and as 1.7 for Pax Exam's own, which import [1.4,2); the 2.x API
            // keeps the 1.7 one
            systemPackages(
                "org.slf4j;version=" + slf4j,
                "org.slf4j.event;version=" + slf4j,
                "org.slf4j.helpers;version=" + slf4j,
                "org.slf4j.spi;version=" + slf4j,
                "org.slf4j;version=1.7.36",
                "org.slf4j.event;version=1.7.36",
                "org.slf4j.helpers;version=1.7.36",
                "org.slf4j.spi;version=1.7.36"),
            junitBundles(),
            // no boot banner of l4.console in the test output
            frameworkProperty("l4.console.banner").value("false"),
            // Gogo JLine registers its commands but runs no shell loop on the test JVM's stdin, and
            // reads an empty profile (its built-in one needs a line reader)
            frameworkProperty("gosh.args").value("--nointeractive"),
            // the data directory (the disk image of l4.devices) inside the build's target
            frameworkProperty("l4.data").value(new File("target/itest-data").getAbsolutePath()),
            frameworkProperty("gosh.home").value(emptyGoshHome()),
            // the web console's HTTP runtime: a free port on the loopback interface only
            frameworkProperty(HTTP_PORT).value(Integer.toString(freePort())),
            frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
            composite(bundles(RUNTIME, false)),
            composite(bundles(BUNDLES, true)),
            cleanCaches());
    }

    static final String HTTP_PORT = "org.osgi.service.http.port";

    /** A port nobody listens on now (other builds may run on this machine at the same time). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** A directory with an empty etc/gosh_profile. */
    static String emptyGoshHome() {
        try {
            java.nio.file.Path home = java.nio.file.Files.createTempDirectory("l4-itest-gogo");
            java.nio.file.Path profile = home.resolve("etc").resolve("gosh_profile");
            java.nio.file.Files.createDirectories(profile.getParent());
            java.nio.file.Files.writeString(profile, "# empty: no interactive shell in the tests\n");
            home.toFile().deleteOnExit();
            return home.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a Gogo home: " + e.getMessage(), e);
        }
    }

    /** The jar files named by a system property, checked. */
    static List<File> files(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("system property " + property + " is not set by the build (" + value
                + "): run the integration tests through Maven from the root, e.g. mvn -B verify");
        }
        List<File> files = new ArrayList<>();
        for (String path : value.split(",")) {
            File file = new File(path.trim());
            if (!file.isFile()) {
                throw new IllegalStateException(property + ": no such jar " + file
                    + " (a module that was only compiled, not packaged? run mvn verify)");
            }
            files.add(file);
        }
        return files;
    }

    /** How many l4.* bundles the build asked to test. */
    static int expectedL4Bundles() {
        return files(BUNDLES).size();
    }

    private static Option[] bundles(String property, boolean fromThisBuild) {
        return files(property).stream().map(file -> {
            if (fromThisBuild && !file.getPath().contains(File.separator + "target" + File.separator)) {
                throw new IllegalStateException("not a jar of this reactor run: " + file
                    + " (installed snapshots are never tested; run mvn verify from the root)");
            }
            return bundle(file.toURI().toString());
        }).toArray(Option[]::new);
    }
}
