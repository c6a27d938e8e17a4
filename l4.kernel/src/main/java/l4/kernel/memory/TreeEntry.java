package l4.kernel.memory;

/** One line of a frame's mapping tree in pre-order ({@code l4:mapping}). */
public record TreeEntry(int depth, MappingNode node) {
}
