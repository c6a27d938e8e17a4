package l4.view;

/**
 * A trace event: sequence number, simulated time (µs), kind (as {@code l4:trace} prints it), the
 * thread ids it is from and to (empty: none), its value and its result.
 */
public record EventInfo(long seq, long micros, String kind, String from, String to, long value, int result) {}
