package l4.itest;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An integration test that changes configurations: each test starts on the ix86 machine, the
 * configurations it may change are saved first and put back after it (in the reverse order), and
 * the next test again waits for the ix86 machine.
 */
public abstract class ReconfiguringRuntime extends L4Runtime {
    static final String MACHINE = "l4.machine";

    @Inject
    protected CommandProcessor processor;

    @Inject
    protected ConfigurationAdmin configAdmin;

    protected Shell shell;
    private final List<Configs.Saved> saved = new ArrayList<>();

    /**
     * The PIDs each test may change, in the order they are saved; they are put back in the
     * reverse order, so the machine's comes first: it is put back last and reboots with the others
     * already in place.
     */
    protected String[] changedPids() {
        return new String[] {MACHINE};
    }

    @Before
    public void startOnIx86() throws Exception {
        shell = new Shell(processor);
        if (!shell.awaitArch("ix86", Await.TIMEOUT)) fail("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s");
        saved.clear();
        for (String pid : changedPids()) saved.add(Configs.save(configAdmin, pid));
    }

    @After
    public void putConfigurationsBack() throws Exception {
        for (int i = saved.size() - 1; i >= 0; i--) saved.get(i).restore();
        assertTrue("teardown: no ix86 machine", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    /** Sets the given properties of {@code pid}, keeping its others. */
    protected void configure(String pid, Object... keysAndValues) throws Exception {
        Configs.put(configAdmin, pid, keysAndValues);
    }
}
