package l4.console;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.jline.terminal.Terminal;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the boot banner once the machine has booted (naming the architecture that did) and, in batch mode ({@code ./l4 -c ...} or piped stdin), registers the
 * {@link CommandRunner} as the bnd launcher's main-thread service, whose return value becomes the
 * exit status. In interactive mode ({@value #INTERACTIVE}) it runs the {@link InteractiveShell} on
 * the terminal, which it shares with Gogo JLine (whose own loop {@code ./l4} turns off).
 */
@Component(immediate = true)
public final class ConsoleComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);

    /** Framework property: {@code false} keeps the banner off the console (tests). */
    static final String BANNER = "l4.console.banner";
    /** Framework property: {@code true} runs the interactive shell on the terminal (./l4 on a tty). */
    static final String INTERACTIVE = "l4.console.interactive";

    /** The service l4.kernel registers while a machine runs (an OSGi condition naming the architecture). */
    static final String MACHINE_FILTER = "(&(objectClass=org.osgi.service.condition.Condition)(osgi.condition.id=l4.machine))";
    /** The l4: commands. */
    static final String COMMANDS_FILTER = "(osgi.command.scope=l4)";
    /** How long batch mode waits for the machine to boot before it runs the commands anyway. */
    static final Duration MACHINE_WAIT = Duration.ofSeconds(30);
    /** Batch mode says that it waits after this. */
    private static final Duration MACHINE_NOTICE = Duration.ofSeconds(3);
    /** The interactive banner waits this long for the machine. */
    private static final Duration BANNER_WAIT = Duration.ofSeconds(10);

    /** How long batch mode waits for Gogo's command processor before giving up. */
    private static final Duration PROCESSOR_WAIT = Duration.ofSeconds(30);
    /** Bundle and component states must stay unchanged this long before commands run ... */
    private static final Duration SETTLED_FOR = Duration.ofMillis(150);
    /** ... but commands run after this at the latest. */
    private static final Duration SETTLE_MAX = Duration.ofSeconds(30);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    private ServiceTracker<CommandProcessor, CommandProcessor> processors;
    private volatile StartLevelBarrier startLevels;
    private ServiceTracker<Object, Object> machines;
    private ServiceTracker<Object, Object> commands;
    private ServiceRegistration<?> mainThread;
    private Thread bannerThread;
    private Terminal terminal;
    private Thread shell;

    @Activate
    void activate(BundleContext context) {
        ConsoleMode mode = ConsoleMode.from(context::getProperty);
        startLevels = StartLevelBarrier.open(context);
        machines = tracker(context, MACHINE_FILTER);
        commands = tracker(context, COMMANDS_FILTER);
        processors = new ServiceTracker<>(context, CommandProcessor.class, null);
        processors.open();
        quietGogoProfile(context);
        Failures failures = new Failures(context);
        if (!mode.batch()) {
            // the banner names the machine that booted: it waits for it, off the framework's thread
            Runnable banner = () -> banner(context, mode, awaitMachine(context, BANNER_WAIT, false));
            if (!Boolean.parseBoolean(context.getProperty(INTERACTIVE)) || !startShell(context, failures, banner)) {
                bannerThread = new Thread(banner, "l4-console-banner");
                bannerThread.setDaemon(true);
                bannerThread.start();
            }
            return;
        }
        // Gogo JLine must not take the real terminal in batch mode: stdin belongs to the runner
        terminal = Terminals.detached();
        Terminals.shareWithGogo(terminal);
        Runnable beforeCommands = () -> {
            settle(context);
            banner(context, mode, awaitMachine(context, MACHINE_WAIT, true));
        };
        CommandRunner runner = new CommandRunner(mode, this::awaitProcessor, beforeCommands, failures,
            () -> frameworkActive(context),
            new FileInputStream(FileDescriptor.in),
            new PrintStream(new FileOutputStream(FileDescriptor.out), true),
            new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("main.thread", Boolean.TRUE);
        mainThread = context.registerService(Callable.class, runner, properties);
    }

    private static ServiceTracker<Object, Object> tracker(BundleContext context, String filter) {
        try {
            ServiceTracker<Object, Object> t = new ServiceTracker<>(context, context.createFilter(filter), null);
            t.open(true);
            return t;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void banner(BundleContext context, ConsoleMode mode, String machine) {
        String banner = Banner.text(context::getProperty, context.getBundle().getVersion().toString(), machine, !mode.batch());
        if (!"false".equals(context.getProperty(BANNER))) {
            // batch output stays clean for pipes: the banner goes to stderr there
            (mode.batch() ? System.err : System.out).println(banner);
        }
        LOG.info("{} mode; {}", mode.kind(), banner.replaceAll("\\R", " | "));
    }

    /**
     * Waits (at most {@code max}) until a machine runs and the l4: commands are registered, when
     * the kernel bundle is installed at all.
     *
     * @return the architecture that booted, or what the console saw instead
     */
    private String awaitMachine(BundleContext context, Duration max, boolean report) {
        boolean kernelInstalled = Arrays.stream(context.getBundles()).anyMatch(b -> "l4.kernel".equals(b.getSymbolicName()));
        if (!kernelInstalled) {
            return "no kernel installed";
        }
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        boolean noticed = false;
        try {
            while (true) {
                ServiceTracker<Object, Object> m = machines;
                ServiceTracker<Object, Object> c = commands;
                if (m == null || c == null) {
                    return "none booted (the console stopped)";
                }
                org.osgi.framework.ServiceReference<Object> machine = m.getServiceReference();
                if (machine != null && c.getServiceReference() != null) {
                    Object arch = machine.getProperty("l4.arch");
                    if (noticed) {
                        System.err.println("l4: the machine is up (" + arch + ") after "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 100 / 10.0 + " s");
                    }
                    return String.valueOf(arch);
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    String line = "no machine within " + max.toSeconds() + " s"
                        + (report ? "; running the commands anyway (l4: commands say why there is none)" : "");
                    if (report) {
                        System.err.println("l4: " + line);
                    }
                    LOG.warn(line);
                    return "none booted within " + max.toSeconds() + " s";
                }
                if (report && !noticed && now - start >= MACHINE_NOTICE.toNanos()) {
                    System.err.println("l4: waiting for the machine to boot (at most " + max.toSeconds() + " s) ...");
                    noticed = true;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "none booted (interrupted)";
        }
    }

    /** Starts the interactive shell (after the banner) on the terminal; false when there is no terminal. */
    private boolean startShell(BundleContext context, Failures failures, Runnable banner) {
        try {
            terminal = Terminals.system();
        } catch (IOException | RuntimeException e) {
            LOG.error("no terminal for the interactive shell: {}", ErrorMessage.of(e));
            System.err.println("l4: no terminal for the interactive shell: " + ErrorMessage.of(e));
            return false;
        }
        Terminals.shareWithGogo(terminal);
        String data = context.getProperty("l4.data");
        Path history = data == null ? null : Path.of(data, "history");
        Terminal t = terminal;
        shell = new Thread(() -> {
            settle(context);
            banner.run();
            CommandProcessor gogo = awaitProcessor();
            if (gogo == null || !awaitGogoJline(context)) {
                t.writer().println("l4: the Gogo command processor or Gogo JLine did not start; no shell");
                t.flush();
                return;
            }
            new InteractiveShell(gogo, t, history, failures, new CommandCompletions(failures::target),
                () -> frameworkActive(context), () -> shutdown(context)).run();
        }, "l4 shell");
        shell.setDaemon(true);
        shell.start();
        return true;
    }

    /**
     * Gogo JLine reads {@code <gosh.home>/etc/gosh_profile} instead of its built-in profile, in the
     * session of its own (here never interactive) loop, where the built-in one fails for want of a
     * line reader. An empty profile there keeps it quiet; {@link InteractiveShell} reads the
     * built-in one where a reader exists. Gogo JLine starts later (start level 20).
     */
    private static void quietGogoProfile(BundleContext context) {
        if (context.getProperty("gosh.home") != null) {
            return;
        }
        try {
            String data = context.getProperty("l4.data");
            Path home = data != null ? Path.of(data, "gogo") : Files.createTempDirectory("l4-gogo");
            Path profile = home.resolve("etc").resolve("gosh_profile");
            Files.createDirectories(profile.getParent());
            Files.writeString(profile, "# Gogo JLine's own shell loop does not run in ./l4 (gosh.args=--nointeractive):\n"
                + "# l4.console runs the shell and reads Gogo JLine's built-in profile itself.\n");
            System.setProperty("gosh.home", home.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write an empty Gogo profile: {}", ErrorMessage.of(e));
        }
    }

    /** Gogo JLine registers the gogo: commands (and reads its profile's helpers) on start. */
    private static boolean awaitGogoJline(BundleContext context) {
        ServiceTracker<Object, Object> jline = new ServiceTracker<>(context, "org.apache.felix.gogo.jline.Shell", null);
        jline.open();
        try {
            return jline.waitForService(PROCESSOR_WAIT.toMillis()) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            jline.close();
        }
    }

    static boolean frameworkActive(BundleContext context) {
        try {
            return context.getBundle(0).getState() == Bundle.ACTIVE;
        } catch (IllegalStateException stale) {
            return false;
        }
    }

    private static void shutdown(BundleContext context) {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("cannot stop the framework: {}", ErrorMessage.of(e));
        }
    }

    @Deactivate
    void deactivate() {
        if (bannerThread != null) {
            bannerThread.interrupt();
            bannerThread = null;
        }
        if (shell != null) {
            shell.interrupt();
            shell = null;
        }
        if (terminal != null) {
            Terminals.release(terminal);
            terminal = null;
        }
        if (mainThread != null) {
            try {
                mainThread.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered while the framework stopped
            }
            mainThread = null;
        }
        if (startLevels != null) {
            startLevels.close();
            startLevels = null;
        }
        if (processors != null) {
            processors.close();
            processors = null;
        }
        for (ServiceTracker<Object, Object> t : Arrays.asList(machines, commands)) {
            if (t != null) {
                t.close();
            }
        }
        machines = null;
        commands = null;
    }

    private CommandProcessor awaitProcessor() {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = processors;
        if (tracker == null) {
            return null;
        }
        try {
            return tracker.waitForService(PROCESSOR_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void settle(BundleContext context) {
        try {
            long start = System.nanoTime();
            awaitStartLevel(context, start + SETTLE_MAX.toNanos());
            awaitOurComponents(start + SETTLE_MAX.toNanos());
            boolean settled = Quiescence.await(() -> snapshot(context), SETTLED_FOR, SETTLE_MAX);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (settled) {
                LOG.debug("bundles and components settled after {} ms", millis);
            } else {
                LOG.warn("bundles and components still changing after {} ms; running the commands anyway", millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the framework to finish starting the bundles level by level (see {@link StartLevelBarrier}). */
    private void awaitStartLevel(BundleContext context, long deadline) throws InterruptedException {
        StartLevelBarrier barrier = startLevels;
        if (barrier != null && !barrier.await(deadline)) {
            LOG.warn("the framework has not reached start level {} after {} s (it is at {}); running the commands anyway",
                StartLevelBarrier.targetLevel(context), SETTLE_MAX.toSeconds(), StartLevelBarrier.activeLevel(context));
        }
    }

    /**
     * ConfigAdmin delivers configurations asynchronously, so a component of ours (the machine, and
     * the l4: commands that need it) may be waiting for one while everything else stands still:
     * wait until every l4.* component is satisfied or has failed.
     */
    private void awaitOurComponents(long deadline) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            ServiceComponentRuntime runtime = scr;
            if (runtime == null) {
                return;
            }
            try {
                boolean waiting = runtime.getComponentDescriptionDTOs().stream()
                    .filter(d -> d.bundle.symbolicName.startsWith("l4."))
                    .filter(d -> runtime.isComponentEnabled(d))
                    .anyMatch(d -> {
                        var configs = runtime.getComponentConfigurationDTOs(d);
                        return configs.isEmpty() || configs.stream().anyMatch(c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION);
                    });
                if (!waiting) {
                    return;
                }
            } catch (RuntimeException scrGoingAway) {
                return;
            }
            Thread.sleep(25);
        }
        LOG.warn("components of ours still unsatisfied after {} s; running the commands anyway", SETTLE_MAX.toSeconds());
    }

    /** Bundle states and component configuration states, as comparable text. */
    private String snapshot(BundleContext context) {
        String bundles = Arrays.stream(context.getBundles())
            .map(b -> b.getBundleId() + ":" + b.getState())
            .collect(Collectors.joining(","));
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            return bundles;
        }
        try {
            List<String> components = runtime.getComponentDescriptionDTOs().stream()
                .flatMap(d -> runtime.getComponentConfigurationDTOs(d).stream())
                .map(ConsoleComponent::describe)
                .sorted()
                .collect(Collectors.toList());
            return bundles + ";" + components;
        } catch (RuntimeException scrGoingAway) {
            return bundles;
        }
    }

    private static String describe(ComponentConfigurationDTO c) {
        return c.description.name + "#" + c.id + ":" + c.state;
    }
}
