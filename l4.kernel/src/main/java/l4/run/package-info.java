/**
 * Running a user program in the booted machine from outside it, as the shell's experiments do:
 * {@link ProgramRunner} (a DS service of the kernel bundle) starts a Java program in a fresh task
 * whose chief is the root task and whose pager is σ0, as if the root task had started it. Inside,
 * the program sees the machine only through L4 and {@link MachineAccess}: task numbers the root
 * task hands over and the machine's counters. Used by loaders (l4.loader's {@code l4:exec}).
 * {@link GuestPingPong} is the other way round: a loader bundle provides it, the shell uses it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package l4.run;
