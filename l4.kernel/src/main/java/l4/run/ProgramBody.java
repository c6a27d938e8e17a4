package l4.run;

import l4.api.L4;

/** The first thread of a launched program: L4 as any program has it, plus the machine's counters. */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface ProgramBody {
    void run(L4 l4, MachineAccess machine) throws Exception;
}
