package l4.kernel.boot;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The machine's configuration (PID {@code l4.machine}); the launcher's --arch and --data reach it.
 * Every value is checked by {@link MachineSettings} (the limits here are the same); a bad one is
 * rejected and the machine keeps the last good configuration.
 */
@ObjectClassDefinition(name = "L4 machine", description = "The simulated machine the L4 kernel runs on")
public @interface MachineConfiguration {
    String PID = "l4.machine";

    @AttributeDefinition(name = "Architecture", description = "ix86 or mips (an installed architecture); empty: the l4.arch framework property, else ix86")
    String arch() default "";

    @AttributeDefinition(name = "Memory (MiB)", description = "Simulated physical memory, 1 to 4096 MiB", min = "1", max = "4096")
    int memoryMiB() default 64;

    @AttributeDefinition(name = "Scheduling", description = "Ready queue: LAZY (lazy queueing) or BENNO (Benno scheduling)", options = {@Option(label = "lazy", value = "LAZY"), @Option(label = "Benno", value = "BENNO")})
    String scheduler() default "LAZY";

    @AttributeDefinition(name = "Pacing", description = "An idle machine waits as long in wall time as in simulated time, so simulated time never runs ahead of wall time")
    boolean pacing() default false;

    @AttributeDefinition(name = "Trace ring size", description = "Events kept for l4:trace, 16 to 1048576", min = "16", max = "1048576")
    int traceCapacity() default 4096;

    @AttributeDefinition(name = "Servers", description = "Programs (service property l4.program) the root task starts, in order; sigma0 always runs")
    String[] servers() default {};

    @AttributeDefinition(name = "Server priority", description = "Priority of the servers the root task starts, 0 to 255", min = "0", max = "255")
    int serverPriority() default 100;

    @AttributeDefinition(name = "Small address spaces (ix86)", description = "Let the ix86 MMU model place small tasks in small address spaces")
    boolean smallSpaces() default false;

    @AttributeDefinition(name = "IPC fast path", description = "Take the kernel's IPC fast path for short calls and replies to a waiting partner; simulated cycles and trace are the same either way, only host time differs")
    boolean ipcFastPath() default true;
}
