package l4.run;

/** Starts programs in the running machine (a DS service of the kernel bundle). */
@org.osgi.annotation.versioning.ProviderType
public interface ProgramRunner {
    /**
     * Starts {@code body} as lthread 0 of a fresh task (chief the root task, pager σ0) at
     * {@code priority}, waiting a few seconds for a boot under way.
     *
     * @throws IllegalStateException with a one-line reason when no machine runs or no task number is free
     */
    Launched launch(String label, ProgramBody body, int priority);
}
