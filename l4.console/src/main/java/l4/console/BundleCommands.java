package l4.console;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Felix's bundle life-cycle commands as Felix users expect them, in front of Gogo Command 1.1.2's
 * (same scope, higher service ranking, so {@code refresh} and {@code felix:refresh} both reach
 * these): {@code install -s}, a bare {@code refresh} (1.1.2 throws a NullPointerException there),
 * file paths besides URLs, and failures as errors (exit status 1 in batch mode) in one line
 * instead of exception texts printed as output.
 */
@Component(service = BundleCommands.class, property = {
    "osgi.command.scope=felix",
    "osgi.command.function=install",
    "osgi.command.function=refresh",
    "osgi.command.function=start",
    "osgi.command.function=stop",
    "service.ranking:Integer=100"})
public final class BundleCommands {
    /** Session variable set by {@code stop 0}: the statements after it do not run. */
    static final String SYSTEM_STOPPED = "l4.systemStopped";


    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    private static final long REFRESH_SECONDS = 30;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("install bundles from files or URLs; prints their ids")
    public String install(CommandSession session,
        @Descriptor("start the installed bundles") @Parameter(names = {"-s", "--start"}, presentValue = "true", absentValue = "false") boolean start,
        @Descriptor("bundle jar files (relative to the current directory) or URLs") String... locations) {
        if (locations.length == 0) {
            throw new IllegalArgumentException("install: which bundle? usage: install [-s] FILE|URL...");
        }
        List<Long> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String location : locations) {
            try {
                Bundle b = context.installBundle(location(session, location));
                if (start) {
                    b.start();
                }
                ids.add(b.getBundleId());
            } catch (BundleException | RuntimeException e) {
                failures.add(location + ": " + ErrorMessage.of(e));
            }
        }
        return outcome("install", ids, failures, true);
    }

    @Descriptor("refresh every bundle whose wiring is out of date (after update or uninstall); waits until done")
    public String refresh() {
        return refresh(new Bundle[0]);
    }

    @Descriptor("refresh these bundles and those that depend on them; waits until done")
    public String refresh(@Descriptor("bundle ids or symbolic names") Bundle... bundles) {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        };
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        int pending = wiring.getRemovalPendingBundles().size();
        wiring.refreshBundles(bundles.length == 0 ? null : Arrays.asList(bundles), listener);
        try {
            if (!done.await(REFRESH_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("refresh: not finished after " + REFRESH_SECONDS + " s; it goes on in the background");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("refresh: interrupted; it goes on in the background");
        }
        return bundles.length == 0
            ? "refreshed (" + pending + " bundle" + (pending == 1 ? "" : "s") + " had been pending removal)"
            : "refreshed " + Arrays.stream(bundles).map(b -> Long.toString(b.getBundleId())).reduce((a, b) -> a + ", " + b).orElse("");
    }

    @Descriptor("start bundles, given by id or by a location to install first")
    public String start(CommandSession session,
        @Descriptor("do not remember the start across restarts") @Parameter(names = {"-t", "--transient"}, presentValue = "true", absentValue = "false") boolean transientStart,
        @Descriptor("use the bundle's declared activation policy") @Parameter(names = {"-p", "--policy"}, presentValue = "true", absentValue = "false") boolean policy,
        @Descriptor("bundle ids, jar files or URLs") String... bundles) {
        if (bundles.length == 0) {
            throw new IllegalArgumentException("start: which bundle? usage: start [-t] [-p] ID|FILE|URL...");
        }
        int options = (transientStart ? Bundle.START_TRANSIENT : 0) | (policy ? Bundle.START_ACTIVATION_POLICY : 0);
        List<Long> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String s : bundles) {
            try {
                Bundle b = bundle(session, s, true);
                b.start(options);
                ids.add(b.getBundleId());
            } catch (BundleException | RuntimeException e) {
                failures.add(s + ": " + ErrorMessage.of(e));
            }
        }
        return outcome("start", ids, failures, false);
    }

    @Descriptor("stop bundles (stop 0 shuts the system down)")
    public String stop(CommandSession session,
        @Descriptor("do not remember the stop across restarts") @Parameter(names = {"-t", "--transient"}, presentValue = "true", absentValue = "false") boolean transientStop,
        @Descriptor("bundle ids or symbolic names") String... bundles) {
        if (bundles.length == 0) {
            throw new IllegalArgumentException("stop: which bundle? usage: stop [-t] ID...");
        }
        List<Long> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String s : bundles) {
            try {
                Bundle b = bundle(session, s, false);
                if (b.getBundleId() == 0) session.put(SYSTEM_STOPPED, Boolean.TRUE);
                b.stop(transientStop ? Bundle.STOP_TRANSIENT : 0);
                ids.add(b.getBundleId());
            } catch (BundleException | RuntimeException e) {
                failures.add(s + ": " + ErrorMessage.of(e));
            }
        }
        return outcome("stop", ids, failures, false);
    }

    private Bundle bundle(CommandSession session, String s, boolean mayInstall) throws BundleException {
        String id = s.trim();
        if (id.matches("\\d+")) {
            Bundle b = context.getBundle(Long.parseLong(id));
            if (b == null) {
                throw new IllegalArgumentException("no bundle " + id + " (lb lists them)");
            }
            return b;
        }
        for (Bundle b : context.getBundles()) {
            if (id.equals(b.getSymbolicName())) {
                return b;
            }
        }
        if (!mayInstall || !looksLikeLocation(id)) {
            throw new IllegalArgumentException("no bundle " + id + " (an id or symbolic name from lb"
                + (mayInstall ? ", a .jar file or a URL)" : ")"));
        }
        return context.installBundle(location(session, id));
    }

    private static boolean looksLikeLocation(String s) {
        return URL_SCHEME.matcher(s).matches() || s.endsWith(".jar") || s.contains("/");
    }

    /** A URL as it is; anything else is a file, relative to the session's current directory. */
    static String location(CommandSession session, String location) {
        if (URL_SCHEME.matcher(location).matches() && !location.matches("[a-zA-Z]:\\\\.*")) {
            return URI.create(location).toString();
        }
        Path base = session == null ? Path.of("") : session.currentDir();
        Path file = (base == null ? Path.of("") : base).resolve(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return file.toUri().toString();
    }

    /** The ids done ({@code report}) or nothing; every failure in one exception. */
    private static String outcome(String command, List<Long> ids, List<String> failures, boolean report) {
        String done = ids.isEmpty() ? "" : (ids.size() == 1 ? "Bundle ID: " : "Bundle IDs: ")
            + ids.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        if (failures.isEmpty()) {
            return report ? done : null;
        }
        throw new IllegalArgumentException(command + ": " + String.join("; ", failures)
            + (done.isEmpty() ? "" : " (" + done + ")"));
    }
}
