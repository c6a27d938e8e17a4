package l4.view;

import java.util.List;

/**
 * A physical frame's mapping tree in depth-first order: node 0 is σ0's 1:1 mapping; every other
 * node names the index of the node it was mapped from.
 */
public record MappingTree(long frame, List<Node> nodes) {
    public MappingTree {
        nodes = List.copyOf(nodes);
    }

    /**
     * One mapping: task number, virtual address, size in bytes, rights ({@code r}, {@code rw},
     * with {@code ,uc} when uncached) and the index of its parent (-1 for the root).
     */
    public record Node(int task, long virtualAddress, long size, String rights, int parent) {}
}
