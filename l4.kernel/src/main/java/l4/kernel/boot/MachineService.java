package l4.kernel.boot;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import l4.api.ThreadBody;
import l4.api.UserProgram;
import l4.hardware.DeviceModel;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.object.Task;
import l4.spi.Architecture;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.condition.Condition;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the machine when the configured architecture and σ0 are present, halts it when either
 * goes away, and reboots it when they come back, are replaced or the configuration changes:
 * swapping an architecture bundle is a reboot under the new glue.
 *
 * <p>
 * The {@code l4.machine} configuration is checked ({@link MachineSettings}) before it is used: a
 * bad one is logged (one line per bad property), the stored configuration is put back to the last
 * good one, and the machine keeps running. The configuration is kept bound to the multi-location
 * {@code ?}, so that an administration tool that fetches it does not take it away from this
 * component. While a machine runs, a {@link Condition} with {@code osgi.condition.id=l4.machine}
 * and the architecture's name in {@code l4.arch} is registered (the console waits for it).
 *
 * <p>
 * Device models (l4.hardware) are plugged in at boot and unplugged at halt; one that comes or goes
 * while the machine runs
 * reboots it (ISA has no hot plug).
 */
@Component(service = {Machine.class, ConfigurationListener.class}, immediate = true, configurationPid = MachineConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MachineConfiguration.class)
public final class MachineService implements Machine, ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(MachineService.class);
    /** The condition id registered while a machine runs. */
    public static final String CONDITION_ID = "l4.machine";
    /** A machine that waits for a service this long after its last change is settled, not booting. */
    static final Duration TRANSITION = Duration.ofSeconds(5);
    /**
     * How long the running machine outlives its architecture or σ0 when their bundle may come back
     * unchanged: a failed {@code update} stops the bundle and starts the same revision again.
     */
    static final Duration SAME_CODE_GRACE = Duration.ofSeconds(1);
    /** How long a missing architecture or σ0 is waited for before a warning. */
    static final Duration MISSING_WARNING = Duration.ofSeconds(5);

    private enum Phase { NOT_STARTED, WAITING, RUNNING, STOPPED }

    private final List<Architecture> architectures = new CopyOnWriteArrayList<>();
    private final List<UserProgram> programs = new CopyOnWriteArrayList<>();
    /** The bundle revision each architecture and program came from (same revision = same code). */
    private final Map<Object, Optional<BundleRevision>> revisions = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<DeviceModel> devices = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "l4-machine-lifecycle");
        t.setDaemon(true);
        return t;
    });
    /** Lifecycle tasks queued or running: while any is, a boot, halt or reboot is under way. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Object changes = new Object();

    private volatile BundleContext context;
    private volatile ConfigurationAdmin configAdmin;
    /** The stored configuration's checked values (the last good one). */
    private volatile MachineSettings settings = MachineSettings.DEFAULTS;
    /** The last good stored properties (ours only), written back over a rejected configuration. */
    private volatile Map<String, Object> goodProperties;
    /**
     * Whether this component has seen the stored configuration. When ConfigAdmin comes up after
     * the component was activated, the stored configuration arrives as a modification; it is the
     * start configuration then, not a newer choice than {@code --arch}.
     */
    private volatile boolean configurationSeen;
    private volatile String defaultArch = "ix86";
    /** This run's architecture (./l4 --arch, l4:arch without --save): wins over the stored one until that changes. */
    private volatile String runArch;
    private volatile Kernel kernel;
    /** The servers the running machine's root task runs. */
    private volatile ServerTable kernelServers;
    private volatile Architecture kernelArch;
    private volatile UserProgram kernelSigma0;
    private volatile MachineSettings bootedSettings;
    private volatile ServiceRegistration<Condition> running;
    /** The device models the running machine was booted with. */
    private volatile java.util.Set<DeviceModel> kernelDevices = java.util.Set.of();
    private volatile String status = "not started";
    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile long changedAt = System.nanoTime();
    private volatile boolean active;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addArchitecture(ServiceReference<Architecture> ref, Architecture a) {
        revisions.put(a, revision(ref));
        architectures.add(a);
        reconcile();
    }

    void removeArchitecture(ServiceReference<Architecture> ref, Architecture a) {
        architectures.remove(a);
        reconcile();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProgram(ServiceReference<UserProgram> ref, UserProgram p) {
        revisions.put(p, revision(ref));
        programs.add(p);
        replaceServer(ref, p);
        reconcile();
    }

    /**
     * A server's program came (back) while the machine runs: the root task restarts just that
     * server with the new code (same task number, new version); σ0 and the architecture are
     * reboots (see {@link #reconcile}). An updated bundle registers its programs one by one (DS
     * in the order of its component descriptions), so programs that arrive within {@link
     * #SERVER_BATCH} of each other are handed to the root task as one batch, which it restarts in
     * the configured order: the name server before the drivers that register with it.
     */
    private void replaceServer(ServiceReference<UserProgram> ref, UserProgram p) {
        ServerTable table = kernelServers;
        if (table == null || kernel == null || p.name().equals("sigma0") || !table.contains(p.name())) return;
        synchronized (newCode) {
            newCode.put(p.name(), new ServerTable.Code(p::main, bundleName(ref)));
            if (newCodeFlush != null) newCodeFlush.cancel(false);
            try {
                newCodeFlush = lifecycle.schedule(() -> handOver(table), SERVER_BATCH.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // deactivated: nothing to do
            }
        }
    }

    /** How long after a server program's arrival more are waited for, to restart them as one batch. */
    static final Duration SERVER_BATCH = Duration.ofMillis(250);
    private final Map<String, ServerTable.Code> newCode = new java.util.LinkedHashMap<>();
    private java.util.concurrent.ScheduledFuture<?> newCodeFlush;

    private void handOver(ServerTable table) {
        Map<String, ServerTable.Code> batch;
        synchronized (newCode) {
            batch = Map.copyOf(newCode);
            newCode.clear();
            newCodeFlush = null;
        }
        Kernel k = kernel;
        if (k == null || table != kernelServers || batch.isEmpty()) return;
        if (table.replaceAll(batch) > 0) {
            LOG.info("servers {} have new code ({}): the root task restarts them", batch.keySet(),
                    batch.values().iterator().next().bundle());
            wakeRootTask(k, table);
        }
    }

    private static String bundleName(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "-" : b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]";
    }

    /** Cancels the root task's wait (as lthread_ex_regs does), so it looks at its servers. */
    private static void wakeRootTask(Kernel k, ServerTable table) {
        table.kick();
        k.post(() -> {
            if (k.task(2).threads != null) k.ipc.cancelWait(k.task(2).thread(0));
        });
    }

    @Override
    public java.util.List<ServerTable.Row> servers() {
        ServerTable table = kernelServers;
        return table == null ? java.util.List.of() : table.rows();
    }

    @Override
    public Optional<ServerTable.Row> killServer(String name, Duration max) throws TimeoutException {
        ServerTable table = kernelServers;
        Kernel k = kernel;
        int generation = table == null || k == null ? -1 : table.kill(name);
        if (generation < 0) return Optional.empty();
        wakeRootTask(k, table);
        try {
            Optional<ServerTable.Row> row = table.awaitHandled(name, generation, max.toMillis());
            if (row.isEmpty()) throw new TimeoutException("the root task has not started " + name + " again within " + max.toSeconds() + " s");
            return row;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while the root task restarts " + name);
        }
    }

    void removeProgram(ServiceReference<UserProgram> ref, UserProgram p) {
        programs.remove(p);
        reconcile();
    }

    private String bundleOf(UserProgram p) {
        return revisions.getOrDefault(p, Optional.empty()).map(r -> {
            Bundle b = r.getBundle();
            return b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]";
        }).orElse("-");
    }

    private static Optional<BundleRevision> revision(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return Optional.ofNullable(b == null ? null : b.adapt(BundleRevision.class));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setConfigAdmin(ConfigurationAdmin ca) {
        configAdmin = ca;
        if (active) submit(this::keepMultiLocation);
    }

    void unsetConfigAdmin(ConfigurationAdmin ca) {
        if (configAdmin == ca) configAdmin = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(DeviceModel d) {
        devices.add(d);
        onLifecycle(this::rebootIfDevicesChanged);
    }

    /** Synchronous: when this returns the machine no longer has the model, so its bundle may release its host resources. */
    void removeDevice(DeviceModel d) {
        devices.remove(d);
        try {
            lifecycle.submit(this::rebootIfDevicesChanged).get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the machine service is going away itself: its halt unplugs everything
        } catch (Exception e) {
            LOG.warn("device {} not unplugged: {}", d.name(), e.toString());
        }
    }

    /**
     * ISA has no hot plug: a machine whose device set changed is rebooted, so that every device is
     * there from power-on (and a boot sees the same devices every time). Several changes in a row
     * cost one reboot: the first one that runs boots with all of them.
     */
    private void rebootIfDevicesChanged() {
        Kernel k = kernel;
        if (k == null || new java.util.HashSet<>(devices).equals(kernelDevices)) return;
        haltNow("its devices changed (ISA has no hot plug), rebooting", true);
        bootIfPossible();
    }

    private void onLifecycle(Runnable r) {
        try {
            lifecycle.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated: nothing to do
        }
    }

    @Activate
    void activate(BundleContext bc, Map<String, Object> properties) {
        context = bc;
        String prop = bc.getProperty("l4.arch");
        if (prop != null && !prop.isBlank()) {
            if (prop.trim().matches(MachineSettings.NAME_PATTERN)) runArch = prop.trim();
            else LOG.error("framework property l4.arch='{}' rejected: an architecture name (ix86, mips); using the configuration", prop);
        }
        configurationSeen = properties.containsKey("service.pid");
        takeStartConfiguration(ours(properties));
        active = true;
        submit(this::keepMultiLocation);
        reconcile();
    }

    /**
     * The stored configuration at start. One that was never checked (written by hand, by an older
     * version) boots with its good part, which is put back in its place.
     */
    private void takeStartConfiguration(Map<String, Object> ours) {
        try {
            settings = MachineSettings.check(ours, null);
            goodProperties = ours;
        } catch (MachineSettings.Rejected r) {
            for (String line : r.problems()) LOG.error("{}; booting without it", line);
            Map<String, Object> good = new LinkedHashMap<>(ours);
            good.keySet().removeIf(k -> r.problems().stream().anyMatch(l -> l.startsWith(MachineConfiguration.PID + ": " + k + "=")));
            settings = MachineSettings.check(good, null);
            goodProperties = good;
            submit(this::restoreGoodConfiguration);
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, Object> ours = ours(properties);
        if (!configurationSeen) {
            // ConfigAdmin came up after this component: the stored configuration, delivered late,
            // is the start configuration (and --arch still decides over its arch)
            configurationSeen = true;
            takeStartConfiguration(ours);
            submit(() -> {
                if (kernel != null && !effective().equals(bootedSettings)) {
                    haltNow(MachineConfiguration.PID + " arrived after the boot (" + difference(bootedSettings, effective()) + "), rebooting", false);
                }
                bootIfPossible();
            });
            signal();
            return;
        }
        MachineSettings s;
        try {
            s = MachineSettings.check(ours, installedArchitectures());
        } catch (MachineSettings.Rejected r) {
            for (String line : r.problems()) LOG.error("{}; the machine keeps the last good configuration", line);
            if (!ours.equals(goodProperties)) submit(this::restoreGoodConfiguration);
            return;
        }
        MachineSettings old = settings;
        settings = s;
        // a newly stored architecture is a newer choice than --arch or an earlier l4:arch
        if (!Objects.equals(old.arch(), s.arch())) runArch = null;
        submit(() -> {
            if (kernel != null && !effective().equals(bootedSettings)) {
                haltNow(MachineConfiguration.PID + " changed (" + difference(bootedSettings, effective()) + "), rebooting", true);
            }
            bootIfPossible();
        });
        // published after the reboot is queued: whoever waits for this configuration then waits for that too
        goodProperties = ours;
        signal();
    }

    @Deactivate
    void deactivate() {
        active = false;
        submit(() -> haltNow("the kernel bundle stops", false));
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setPhase(Phase.STOPPED, "stopped");
    }

    /** Keeps {@code l4.machine} bound to {@code ?} whoever fetched or changed it. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!MachineConfiguration.PID.equals(event.getPid()) || event.getFactoryPid() != null) return;
        if (event.getType() == ConfigurationEvent.CM_LOCATION_CHANGED || event.getType() == ConfigurationEvent.CM_UPDATED) {
            if (active) submit(this::keepMultiLocation);
        }
    }

    // ---- the lifecycle thread ------------------------------------------------------------------

    /** Runs {@code work} on the lifecycle thread; while it is queued or runs, the machine is in transition. */
    private CompletableFuture<Void> submit(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.incrementAndGet();
        try {
            lifecycle.execute(() -> {
                try {
                    work.run();
                    done.complete(null);
                } catch (RuntimeException e) {
                    LOG.error("machine lifecycle: {}", e.toString(), e);
                    done.completeExceptionally(e);
                } finally {
                    pending.decrementAndGet();
                    signal();
                }
            });
        } catch (RuntimeException rejected) { // shut down
            pending.decrementAndGet();
            done.completeExceptionally(new IllegalStateException("the machine service is stopping"));
        }
        return done;
    }

    private void reconcile() {
        if (!active) return;
        submit(() -> {
            Architecture want = find(archName()).orElse(null);
            UserProgram s0 = program("sigma0").orElse(null);
            if (kernel != null && (want != kernelArch || s0 != kernelSigma0)) {
                // the same code back (a failed update, a quick stop and start): keep the machine
                if (sameCode(want, kernelArch) && sameCode(s0, kernelSigma0)) {
                    kernelArch = want;
                    kernelSigma0 = s0;
                    forgetGone();
                    LOG.info("the {} machine keeps running: its architecture and sigma0 came back unchanged", want.name());
                    return;
                }
                if ((want == null && mayComeBack(kernelArch)) || (s0 == null && mayComeBack(kernelSigma0))) {
                    scheduleReconcile(SAME_CODE_GRACE);
                    return;
                }
                String why;
                if (want == null) why = "architecture " + archName() + " went away";
                else if (want != kernelArch) why = "architecture " + archName() + " was replaced";
                else why = s0 == null ? "sigma0 went away" : "sigma0 was replaced";
                haltNow(why, true);
            }
            if (kernel == null) bootIfPossible();
        });
    }

    /** Whether {@code now} is {@code running} or the same bundle revision's service in its place. */
    private boolean sameCode(Object now, Object running) {
        if (now == running) return true;
        if (now == null || running == null) return false;
        Optional<BundleRevision> a = revisions.getOrDefault(now, Optional.empty());
        return a.isPresent() && a.equals(revisions.getOrDefault(running, Optional.empty()));
    }

    /** Whether the bundle of a service that went away is still installed with the same revision (it may be restarting). */
    private boolean mayComeBack(Object gone) {
        Optional<BundleRevision> r = revisions.getOrDefault(gone, Optional.empty());
        if (r.isEmpty()) return false;
        Bundle b = r.get().getBundle();
        if (b.getState() == Bundle.UNINSTALLED || b.adapt(BundleRevision.class) != r.get()) return false;
        return System.nanoTime() - goneSince.computeIfAbsent(gone, g -> System.nanoTime()) < SAME_CODE_GRACE.toNanos();
    }

    /** When each service the machine runs on went away (for the grace of {@link #mayComeBack}). */
    private final Map<Object, Long> goneSince = new java.util.concurrent.ConcurrentHashMap<>();

    /** Drops what is known about services that are neither installed nor in use. */
    private void forgetGone() {
        revisions.keySet().removeIf(o -> o != kernelArch && o != kernelSigma0 && !architectures.contains(o) && !programs.contains(o));
        goneSince.clear();
    }

    /**
     * Reconciles again after {@code after}. Until then the machine is in transition (it halts
     * unless what went away comes back), so l4: commands wait for the outcome instead of using a
     * machine that is about to halt.
     */
    private void scheduleReconcile(Duration after) {
        pending.incrementAndGet();
        try {
            lifecycle.schedule(() -> {
                try {
                    reconcile();
                } finally {
                    pending.decrementAndGet();
                    signal();
                }
            }, after.toMillis() + 10, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            pending.decrementAndGet(); // the service stops
        }
    }

    @Override
    public String archName() {
        return archOf(settings);
    }

    private String archOf(MachineSettings s) {
        String r = runArch;
        if (r != null) return r;
        String a = s.arch();
        return a == null || a.isBlank() ? defaultArch : a;
    }

    /** The settings a boot uses now, read once: ConfigAdmin's thread may replace them meanwhile. */
    private MachineSettings effective() {
        MachineSettings s = settings;
        return s.withArch(archOf(s));
    }

    @Override
    public Set<String> installedArchitectures() {
        Set<String> names = new TreeSet<>();
        for (Architecture a : architectures) names.add(a.name());
        return names;
    }

    private Optional<Architecture> find(String name) {
        return architectures.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private Optional<UserProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private void bootIfPossible() {
        if (!active || kernel != null) return;
        // one reading for the architecture and the rest: what bootedSettings records is what booted,
        // so that a configuration changed meanwhile is seen as a change and reboots the machine
        MachineSettings s = effective();
        String name = s.arch();
        Optional<Architecture> arch = find(name);
        if (arch.isEmpty()) {
            waitFor("architecture " + name + " (installed: " + (installedArchitectures().isEmpty() ? "none" : String.join(", ", installedArchitectures())) + ")");
            return;
        }
        Optional<UserProgram> sigma0 = program("sigma0");
        if (sigma0.isEmpty()) {
            waitFor("sigma0");
            return;
        }
        ServerTable modules = new ServerTable();
        for (String server : s.servers()) {
            Optional<UserProgram> p = program(server);
            if (p.isPresent()) modules.add(server, s.serverPriority(), p.get()::main, bundleOf(p.get()));
            else LOG.warn("server {} is not installed; the root task will not start it", server);
        }
        long start = System.nanoTime();
        Kernel k = new Kernel(arch.get(), kernelConfig(s));
        java.util.Set<DeviceModel> plugged = new java.util.HashSet<>(devices);
        for (DeviceModel d : plugged) k.devices.attach(d);
        k.onThreadStopped(id -> {
            if (modules.contains(id.task())) wakeRootTask(k, modules);
        });
        boot(k, sigma0.get()::main, modules);
        kernelServers = modules;
        kernel = k;
        kernelDevices = plugged;
        kernelArch = arch.get();
        kernelSigma0 = sigma0.get();
        bootedSettings = s;
        registerCondition(arch.get().name());
        setPhase(Phase.RUNNING, "running " + arch.get().name());
        LOG.info("machine booted: {} with {} servers {} ({} ms)", arch.get().name(), modules.entries().size(), s.servers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * Boots {@code k} with {@code sigma0} and a root task that starts {@code servers} from task
     * {@link ServerTable#FIRST_TASK} on; programs launched in the machine get numbers after theirs.
     */
    static void boot(Kernel k, ThreadBody sigma0, ServerTable servers) {
        k.reserveTaskNumbersBelow(ServerTable.FIRST_TASK + servers.entries().size());
        k.boot(sigma0, new RootTask(servers, ServerTable.FIRST_TASK));
    }

    /** No machine until {@code what} shows up; says so once if that takes long. */
    private void waitFor(String what) {
        String waiting = "waiting for " + what;
        setPhase(Phase.WAITING, waiting);
        long since = changedAt;
        try {
            lifecycle.schedule(() -> {
                if (active && kernel == null && changedAt == since) {
                    LOG.warn("no machine: {} for {} s", waiting, MISSING_WARNING.toSeconds());
                }
            }, MISSING_WARNING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the service stops: nothing to wait for
        }
    }

    private static KernelConfig kernelConfig(MachineSettings s) {
        KernelConfig kc = new KernelConfig();
        kc.memoryBytes = (long) s.memoryMiB() << 20;
        kc.scheduler = KernelConfig.SchedulerPolicy.valueOf(s.scheduler());
        kc.pacing = s.pacing();
        kc.ipcFastPath = s.ipcFastPath();
        kc.traceCapacity = s.traceCapacity();
        kc.archOptions.put("smallSpaces", s.smallSpaces());
        return kc;
    }

    /**
     * Halts the running machine. A halt the user did not ask for ({@code visible}) is one warning
     * line on the console: which machine, why, and what went with it.
     */
    private void haltNow(String why, boolean visible) {
        Kernel k = kernel;
        if (k == null) return;
        String lost = lost(k);
        unregisterCondition();
        k.halt();
        try {
            k.stoppedFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("machine did not stop within 5 s: {}", e.toString());
        }
        String name = k.arch.name();
        k.devices.detachAll();
        kernelDevices = java.util.Set.of();
        kernel = null;
        kernelServers = null;
        kernelArch = null;
        kernelSigma0 = null;
        bootedSettings = null;
        forgetGone();
        setPhase(Phase.WAITING, "halted: " + why);
        if (visible) LOG.warn("machine halted ({}): {}; lost: {}", name, why, lost);
        else LOG.info("machine halted ({}): {}; lost: {}", name, why, lost);
    }

    /** What a halt throws away, counted in kernel context (a machine that does not answer: unknown). */
    private static String lost(Kernel k) {
        try {
            return k.inspect(() -> {
                int tasks = 0;
                int threads = 0;
                for (Task t : k.tasks) {
                    if (!t.active) continue;
                    tasks++;
                    threads += t.activeThreads();
                }
                return tasks + " tasks, " + threads + " threads, " + k.clock.micros() / 1000 + " simulated ms, "
                        + k.trace.events() + " trace events";
            }, 500);
        } catch (TimeoutException | RuntimeException e) {
            return "its tasks and threads (the machine did not answer)";
        }
    }

    static String difference(MachineSettings was, MachineSettings now) {
        if (was == null) return "new";
        Map<String, Object> a = was.toProperties();
        Map<String, Object> b = now.toProperties();
        List<String> diffs = new ArrayList<>();
        for (String key : MachineSettings.PROPERTIES) {
            String x = MachineSettings.show(a.get(key));
            String y = MachineSettings.show(b.get(key));
            if (!x.equals(y)) diffs.add(key + " " + x + " -> " + y);
        }
        return diffs.isEmpty() ? "no effective change" : String.join(", ", diffs);
    }

    private void setPhase(Phase p, String s) {
        synchronized (changes) {
            phase = p;
            status = s;
            changedAt = System.nanoTime();
            changes.notifyAll();
        }
    }

    private void signal() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    private void registerCondition(String arch) {
        BundleContext bc = context;
        if (bc == null) return;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Condition.CONDITION_ID, CONDITION_ID);
        props.put("l4.arch", arch);
        try {
            running = bc.registerService(Condition.class, Condition.INSTANCE, props);
        } catch (IllegalStateException stopping) {
            running = null;
        }
    }

    private void unregisterCondition() {
        ServiceRegistration<Condition> r = running;
        running = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped first
            }
        }
    }

    // ---- ConfigAdmin ---------------------------------------------------------------------------

    /** The properties of ours in a configuration (ConfigAdmin's and DS's own are left out). */
    static Map<String, Object> ours(Map<String, ?> properties) {
        Map<String, Object> m = new TreeMap<>();
        if (properties == null) return m;
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("service.") || k.startsWith("component.") || k.startsWith("osgi.ds.")) continue;
            m.put(k, e.getValue());
        }
        return m;
    }

    private Optional<Configuration> stored() {
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) return Optional.empty();
        try {
            Configuration[] found = ca.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + MachineConfiguration.PID + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.warn("cannot read the stored {} configuration: {}", MachineConfiguration.PID, e.toString());
            return Optional.empty();
        }
    }

    private void keepMultiLocation() {
        stored().ifPresent(c -> {
            try {
                String location = c.getBundleLocation();
                if (location == null || !location.startsWith("?")) {
                    c.setBundleLocation("?");
                    LOG.info("{} was bound to {}; bound to ? again so that every tool and this kernel share it",
                            MachineConfiguration.PID, location == null ? "no bundle" : location);
                }
            } catch (IllegalStateException deleted) {
                // deleted meanwhile
            }
        });
    }

    private void restoreGoodConfiguration() {
        Map<String, Object> good = goodProperties;
        stored().ifPresent(c -> {
            try {
                Map<String, Object> now = ours(MachineSettings.toMap(c.getProperties()));
                if (now.equals(good)) return;
                c.update(new Hashtable<>(good == null ? Map.of() : good));
                LOG.info("{}: stored configuration put back to the last good one {}", MachineConfiguration.PID, good);
            } catch (IOException | IllegalStateException e) {
                LOG.error("{}: could not put back the last good configuration: {}", MachineConfiguration.PID, e.toString());
            }
        });
    }

    // ---- Machine -------------------------------------------------------------------------------

    @Override
    public Optional<Kernel> kernel() {
        Kernel k = kernel;
        return k == null || k.halted() ? Optional.empty() : Optional.of(k);
    }

    /** Whether a boot, halt or reboot is under way (or was, a moment ago, and waits for a service). */
    private boolean transitioning() {
        if (pending.get() > 0) return true;
        Phase p = phase;
        return active && (p == Phase.NOT_STARTED || p == Phase.WAITING) && System.nanoTime() - changedAt < TRANSITION.toNanos();
    }

    @Override
    public Optional<Kernel> awaitKernel(Duration max, Consumer<String> progress) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        synchronized (changes) {
            while (true) {
                // lifecycle work queued first (a service that just went away) decides which kernel runs
                Optional<Kernel> k = kernel();
                if (pending.get() == 0 && (k.isPresent() || !transitioning())) return k;
                long now = System.nanoTime();
                if (now - deadline >= 0) return Optional.empty();
                if (now - nextReport >= 0) {
                    progress.accept("waiting for the machine (" + TimeUnit.NANOSECONDS.toSeconds(now - start) + " s): " + status);
                    nextReport = now + TimeUnit.SECONDS.toNanos(1);
                }
                try {
                    changes.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return kernel();
                }
            }
        }
    }

    @Override
    public boolean awaitConfiguration(Map<String, ?> properties, Duration max, Consumer<String> progress) {
        Map<String, Object> want = ours(properties);
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changes) {
            while (!(same(want, goodProperties) && pending.get() == 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    changes.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        long left = deadline - System.nanoTime();
        return left > 0 && awaitKernel(Duration.ofNanos(left), progress).isPresent();
    }

    /** Equal property maps, arrays compared by content (ConfigAdmin hands out copies). */
    private static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (b == null || !a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!java.util.Objects.deepEquals(e.getValue(), b.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public String status() { return status; }

    @Override
    public Kernel reboot(Duration max) throws TimeoutException {
        return await(submit(() -> {
            haltNow("l4:reboot", false);
            bootIfPossible();
        }), max);
    }

    @Override
    public Kernel switchArch(String name, Duration max) throws TimeoutException {
        if (find(name).isEmpty()) {
            throw new IllegalArgumentException("no architecture " + name + " is installed (installed: "
                    + (installedArchitectures().isEmpty() ? "none" : String.join(", ", installedArchitectures())) + ")");
        }
        runArch = name;
        return await(submit(() -> {
            if (kernel != null && !effective().equals(bootedSettings)) haltNow("l4:arch " + name, false);
            bootIfPossible();
        }), max);
    }

    private Kernel await(CompletableFuture<Void> work, Duration max) throws TimeoutException {
        try {
            work.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage());
        }
        return kernel().orElseThrow(() -> new IllegalStateException("no machine is running (" + status + ")"));
    }

    @Override
    public l4.kernel.snapshot.SnapshotReader.Imported loadSnapshot(byte[] data, Duration max)
            throws l4.kernel.snapshot.SnapshotException, TimeoutException {
        Kernel running = kernel;
        if (running != null && !running.halted() && running.runaway() == null && !running.debugger.paused()) {
            throw new l4.kernel.snapshot.SnapshotException("the machine is running: l4:pause it first (loading replaces it)");
        }
        String name = running != null ? running.arch.name() : archName();
        Architecture a = find(name).orElseThrow(() -> new l4.kernel.snapshot.SnapshotException("no architecture " + name + " is installed"));
        var imported = l4.kernel.snapshot.SnapshotReader.read(data, a, kernelConfig(effective()),
                l4.kernel.snapshot.JavaThreads.END_CODE);
        try {
            await(submit(() -> adoptImported(imported.kernel(), a)), max);
        } catch (RuntimeException | TimeoutException e) {
            imported.kernel().halt();
            throw e;
        }
        return imported;
    }

    /** The imported machine becomes the machine, paused; devices are plugged in fresh (their state is not in a snapshot). */
    private void adoptImported(Kernel k, Architecture a) {
        haltNow("l4:snapshot load", false);
        java.util.Set<DeviceModel> plugged = new java.util.HashSet<>(devices);
        for (DeviceModel d : plugged) k.devices.attach(d);
        k.startImported(true);
        kernelServers = new ServerTable();
        kernel = k;
        kernelDevices = plugged;
        kernelArch = a;
        kernelSigma0 = program("sigma0").orElse(null);
        bootedSettings = effective();
        registerCondition(a.name());
        setPhase(Phase.RUNNING, "running " + a.name() + " (loaded from a snapshot)");
        LOG.info("machine loaded from a snapshot: {} at cycle {}, paused", a.name(), k.clock.cycles());
    }

    @Override
    public Kernel bootFresh(String archName, Map<String, Object> archOptions) {
        Architecture a = find(archName).orElseThrow(() -> new IllegalArgumentException("no architecture " + archName + " installed"));
        UserProgram s0 = program("sigma0").orElseThrow(() -> new IllegalArgumentException("sigma0 is not installed"));
        KernelConfig kc = kernelConfig(effective());
        kc.archOptions.putAll(new TreeMap<>(archOptions));
        kc.probe = true;
        Kernel k = new Kernel(a, kc);
        k.boot(s0::main, new RootTask(List.of(), 3));
        try {
            if (!k.awaitQuiescent(10_000)) LOG.warn("fresh {} machine did not settle within 10 s", archName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return k;
    }
}
