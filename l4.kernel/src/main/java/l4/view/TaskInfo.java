package l4.view;

/**
 * An active task: its number, its task id (hexadecimal), its chief's task number (-1: none) and
 * clan nesting level, its label (empty if none) and how many of its threads are active.
 */
public record TaskInfo(int number, String id, int chief, int nest, String label, int threads) {}
