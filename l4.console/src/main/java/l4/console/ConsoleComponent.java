package l4.console;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
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
 * Prints the boot banner and, in batch mode ({@code ./l4 -c ...} or piped stdin), registers the
 * {@link CommandRunner} as the bnd launcher's main-thread service, whose return value becomes the
 * exit status. In interactive mode the Gogo shell bundle owns the terminal.
 */
@Component(immediate = true)
public final class ConsoleComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);

    /** Framework property: {@code false} keeps the banner off the console (tests). */
    static final String BANNER = "l4.console.banner";

    /** How long batch mode waits for Gogo's command processor before giving up. */
    private static final Duration PROCESSOR_WAIT = Duration.ofSeconds(30);
    /** Bundle and component states must stay unchanged this long before commands run ... */
    private static final Duration SETTLED_FOR = Duration.ofMillis(150);
    /** ... but commands run after this at the latest. */
    private static final Duration SETTLE_MAX = Duration.ofSeconds(10);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    private ServiceTracker<CommandProcessor, CommandProcessor> processors;
    private ServiceRegistration<?> mainThread;

    @Activate
    void activate(BundleContext context) {
        ConsoleMode mode = ConsoleMode.from(context::getProperty);
        String banner = Banner.text(context::getProperty, context.getBundle().getVersion().toString(), !mode.batch());
        if (!"false".equals(context.getProperty(BANNER))) {
            // batch output stays clean for pipes: the banner goes to stderr there
            (mode.batch() ? System.err : System.out).println(banner);
        }
        LOG.info("{} mode; {}", mode.kind(), banner.replaceAll("\\R", " | "));
        if (!mode.batch()) {
            return;
        }
        processors = new ServiceTracker<>(context, CommandProcessor.class, null);
        processors.open();
        CommandRunner runner = new CommandRunner(mode, this::awaitProcessor, () -> settle(context),
            new FileInputStream(FileDescriptor.in),
            new PrintStream(new FileOutputStream(FileDescriptor.out), true),
            new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("main.thread", Boolean.TRUE);
        mainThread = context.registerService(Callable.class, runner, properties);
    }

    @Deactivate
    void deactivate() {
        if (mainThread != null) {
            try {
                mainThread.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered while the framework stopped
            }
            mainThread = null;
        }
        if (processors != null) {
            processors.close();
            processors = null;
        }
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
