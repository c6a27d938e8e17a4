package l4.kernel.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * One 4 KiB mapping: page {@code virtualAddress} of {@code space} refers to physical frame
 * {@code frame}. Nodes of one frame form a tree whose root is σ0's 1:1 mapping; a child was mapped
 * from its parent and never has more rights than it. Children are kept in an intrusive doubly
 * linked list so that unlinking (flush, grant merge) is O(1) and their order is deterministic.
 * Mutated only by {@link MappingDatabase}.
 */
public final class MappingNode {
    AddressSpace space;
    long virtualAddress;
    final long frame;
    boolean writable;
    final boolean uncached;
    MappingNode parent;
    MappingNode firstChild;
    MappingNode lastChild;
    MappingNode previousSibling;
    MappingNode nextSibling;
    boolean alive = true;

    MappingNode(AddressSpace space, long virtualAddress, long frame, boolean writable, boolean uncached) {
        this.space = space;
        this.virtualAddress = virtualAddress;
        this.frame = frame;
        this.writable = writable;
        this.uncached = uncached;
    }

    public AddressSpace space() { return space; }

    public long virtualAddress() { return virtualAddress; }

    /** Physical address of the frame (4 KiB aligned). */
    public long frame() { return frame; }

    public boolean writable() { return writable; }

    public boolean uncached() { return uncached; }

    /** The mapping this one was mapped from; null for σ0's roots. */
    public MappingNode parent() { return parent; }

    public boolean isRoot() { return parent == null; }

    /** False once the mapping has been removed from the database. */
    public boolean alive() { return alive; }

    public List<MappingNode> children() {
        List<MappingNode> list = new ArrayList<>();
        for (MappingNode c = firstChild; c != null; c = c.nextSibling) list.add(c);
        return list;
    }

    public boolean hasChildren() { return firstChild != null; }

    /** Distance from the root (roots have depth 0). */
    public int depth() {
        int d = 0;
        for (MappingNode p = parent; p != null; p = p.parent) d++;
        return d;
    }

    /** True if this node lies strictly above {@code node} in its tree. */
    public boolean isAncestorOf(MappingNode node) {
        for (MappingNode p = node.parent; p != null; p = p.parent) {
            if (p == this) return true;
        }
        return false;
    }

    void appendChild(MappingNode child) {
        child.parent = this;
        child.previousSibling = lastChild;
        child.nextSibling = null;
        if (lastChild == null) firstChild = child;
        else lastChild.nextSibling = child;
        lastChild = child;
    }

    void detachFromParent() {
        MappingNode p = parent;
        if (p == null) return;
        if (previousSibling == null) p.firstChild = nextSibling;
        else previousSibling.nextSibling = nextSibling;
        if (nextSibling == null) p.lastChild = previousSibling;
        else nextSibling.previousSibling = previousSibling;
        parent = null;
        previousSibling = null;
        nextSibling = null;
    }

    @Override
    public String toString() {
        return String.format("task %d va 0x%x -> frame 0x%x %s%s%s", space.taskNumber(), virtualAddress, frame,
                writable ? "rw" : "ro", uncached ? " uncached" : "", alive ? "" : " (removed)");
    }
}
