package l4.kernel.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import l4.api.UserProgram;
import l4.hardware.DeviceModel;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.spi.Architecture;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the machine when the configured architecture and σ0 are present, halts it when either
 * goes away, and reboots it when they come back, are replaced or the configuration changes:
 * swapping an architecture bundle is a reboot under the new glue. Device models (l4.hardware)
 * are plugged in at boot and unplugged at halt; one that comes or goes while the machine runs
 * reboots it (ISA has no hot plug).
 */
@Component(service = Machine.class, immediate = true, configurationPid = MachineConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MachineConfiguration.class)
public final class MachineService implements Machine {
    private static final Logger LOG = LoggerFactory.getLogger(MachineService.class);

    private final List<Architecture> architectures = new CopyOnWriteArrayList<>();
    private final List<UserProgram> programs = new CopyOnWriteArrayList<>();
    private final List<DeviceModel> devices = new CopyOnWriteArrayList<>();
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "l4-machine-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private volatile MachineConfiguration config;
    private volatile String defaultArch = "ix86";
    /** ./l4 --arch: chooses the architecture at start, over a configuration persisted by an earlier run. */
    private volatile String startArch;
    private volatile Kernel kernel;
    private volatile Architecture kernelArch;
    private volatile UserProgram kernelSigma0;
    /** The device models the running machine was booted with. */
    private volatile java.util.Set<DeviceModel> kernelDevices = java.util.Set.of();
    private volatile String status = "not started";
    private volatile boolean active;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addArchitecture(Architecture a) {
        architectures.add(a);
        reconcile();
    }

    void removeArchitecture(Architecture a) {
        architectures.remove(a);
        reconcile();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProgram(UserProgram p) {
        programs.add(p);
        reconcile();
    }

    void removeProgram(UserProgram p) {
        programs.remove(p);
        reconcile();
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
        haltNow("devices changed");
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
    void activate(BundleContext context, MachineConfiguration c) {
        String prop = context.getProperty("l4.arch");
        if (prop != null && !prop.isBlank()) startArch = prop.trim();
        config = c;
        active = true;
        reconcile();
    }

    @Modified
    void modified(MachineConfiguration c) {
        config = c;
        startArch = null; // from now on the configuration (l4:arch, ConfigAdmin) decides
        lifecycle.execute(() -> {
            haltNow("configuration changed");
            bootIfPossible();
        });
    }

    @Deactivate
    void deactivate() {
        active = false;
        lifecycle.execute(() -> haltNow("stopped"));
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reconcile() {
        if (!active) return;
        lifecycle.execute(() -> {
            Architecture want = find(archName()).orElse(null);
            UserProgram s0 = program("sigma0").orElse(null);
            if (kernel != null && (want != kernelArch || s0 != kernelSigma0)) {
                haltNow(want == null ? "architecture " + archName() + " went away" : "architecture or sigma0 replaced");
            }
            if (kernel == null) bootIfPossible();
        });
    }

    String archName() {
        if (startArch != null) return startArch;
        MachineConfiguration c = config;
        String a = c == null ? "" : c.arch();
        return a == null || a.isBlank() ? defaultArch : a.trim();
    }

    private Optional<Architecture> find(String name) {
        return architectures.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private Optional<UserProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private void bootIfPossible() {
        if (!active || kernel != null) return;
        Optional<Architecture> arch = find(archName());
        if (arch.isEmpty()) {
            status = "waiting for architecture " + archName();
            return;
        }
        Optional<UserProgram> sigma0 = program("sigma0");
        if (sigma0.isEmpty()) {
            status = "waiting for sigma0";
            return;
        }
        MachineConfiguration c = config;
        KernelConfig kc = kernelConfig(c);
        List<RootTask.Module> modules = new ArrayList<>();
        int prio = c == null ? 100 : c.serverPriority();
        for (String name : c == null ? new String[0] : c.servers()) {
            Optional<UserProgram> p = program(name);
            if (p.isPresent()) modules.add(new RootTask.Module(name, p.get()::main, prio));
            else LOG.warn("server {} is not installed; the root task will not start it", name);
        }
        Kernel k = new Kernel(arch.get(), kc);
        java.util.Set<DeviceModel> plugged = new java.util.HashSet<>(devices);
        for (DeviceModel d : plugged) k.devices.attach(d);
        k.boot(sigma0.get()::main, new RootTask(modules, 3));
        kernel = k;
        kernelDevices = plugged;
        kernelArch = arch.get();
        kernelSigma0 = sigma0.get();
        status = "running " + arch.get().name();
        LOG.info("machine booted: {} with {} servers {}", arch.get().name(), modules.size(),
                c == null ? "[]" : Arrays.toString(c.servers()));
    }

    private KernelConfig kernelConfig(MachineConfiguration c) {
        KernelConfig kc = new KernelConfig();
        if (c != null) {
            kc.memoryBytes = (long) c.memoryMiB() << 20;
            kc.scheduler = "BENNO".equalsIgnoreCase(c.scheduler()) ? KernelConfig.SchedulerPolicy.BENNO : KernelConfig.SchedulerPolicy.LAZY;
            kc.pacing = c.pacing();
            kc.traceCapacity = c.traceCapacity();
            kc.archOptions.put("smallSpaces", c.smallSpaces());
        }
        return kc;
    }

    private void haltNow(String why) {
        Kernel k = kernel;
        if (k == null) return;
        k.halt();
        try {
            k.stoppedFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("machine did not stop within 5 s: {}", e.toString());
        }
        k.devices.detachAll();
        kernelDevices = java.util.Set.of();
        kernel = null;
        kernelArch = null;
        kernelSigma0 = null;
        status = "halted: " + why;
        LOG.info("machine halted: {}", why);
    }

    @Override
    public Optional<Kernel> kernel() { return Optional.ofNullable(kernel); }

    @Override
    public String status() { return status; }

    @Override
    public void reboot() {
        lifecycle.execute(() -> {
            haltNow("reboot");
            bootIfPossible();
        });
    }

    @Override
    public Kernel bootFresh(String archName, Map<String, Object> archOptions) {
        Architecture a = find(archName).orElseThrow(() -> new IllegalArgumentException("no architecture " + archName + " installed"));
        UserProgram s0 = program("sigma0").orElseThrow(() -> new IllegalArgumentException("sigma0 is not installed"));
        KernelConfig kc = kernelConfig(config);
        kc.archOptions.putAll(new TreeMap<>(archOptions));
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
