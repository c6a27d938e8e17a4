package l4.kernel.memory;

import java.util.LinkedHashMap;
import java.util.Map;

import l4.spi.Mmu;
import l4.spi.MmuSpace;

/**
 * Test double of an MMU: no TLB, no costs, just {@link FlatMmuSpace}s. Public: the kernel's test
 * architecture ({@code l4.kernel.testarch}) uses it too.
 */
public final class FlatMmu implements Mmu {
    private MmuSpace active;
    private long switches;

    @Override
    public MmuSpace createSpace(int taskNumber) {
        return new FlatMmuSpace(taskNumber);
    }

    @Override
    public void destroySpace(MmuSpace space) {
        if (active == space) active = null;
    }

    @Override
    public void activate(MmuSpace space) {
        if (active != space) switches++;
        active = space;
    }

    @Override
    public MmuSpace active() {
        return active;
    }

    @Override
    public Map<String, Long> statistics() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("switches", switches);
        return m;
    }

    /** Its only state beyond the page tables: the switch counter. */
    @Override
    public void saveState(java.io.DataOutput out, java.util.List<MmuSpace> spaces) throws java.io.IOException {
        out.writeLong(switches);
    }

    @Override
    public void loadState(java.io.DataInput in, java.util.List<MmuSpace> spaces) throws java.io.IOException {
        switches = in.readLong();
    }
}
