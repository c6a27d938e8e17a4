package l4.kernel.boot;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The machine's configuration (PID {@code l4.machine}); the launcher's --arch and --data reach it. */
@ObjectClassDefinition(name = "L4 machine", description = "The simulated machine the L4 kernel runs on")
public @interface MachineConfiguration {
    String PID = "l4.machine";

    @AttributeDefinition(name = "Architecture", description = "ix86 or mips; empty: the l4.arch framework property, else ix86")
    String arch() default "";

    @AttributeDefinition(name = "Memory (MiB)", min = "1", max = "4096")
    int memoryMiB() default 64;

    @AttributeDefinition(name = "Scheduling", options = {@Option(label = "lazy", value = "LAZY"), @Option(label = "Benno", value = "BENNO")})
    String scheduler() default "LAZY";

    @AttributeDefinition(name = "Pacing", description = "Keep simulated time close to wall time while idle")
    boolean pacing() default false;

    @AttributeDefinition(name = "Trace ring size", min = "16")
    int traceCapacity() default 4096;

    @AttributeDefinition(name = "Servers", description = "Programs (service property l4.program) the root task starts, in order; sigma0 always runs")
    String[] servers() default {};

    @AttributeDefinition(name = "Server priority", min = "0", max = "255")
    int serverPriority() default 100;

    @AttributeDefinition(name = "Small address spaces (ix86)")
    boolean smallSpaces() default false;
}
