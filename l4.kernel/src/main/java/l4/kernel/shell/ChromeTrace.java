package l4.kernel.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import l4.api.ConditionCode;
import l4.api.ThreadId;
import l4.kernel.trace.TraceEvent;

/**
 * The kernel trace in the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open: one process per task, one track per thread, a "running" slice for each
 * stretch a thread held the CPU (from the switch events), a slice per IPC on the sender's and the
 * receiver's track joined by a flow arrow, and an instant for every other event. Timestamps are
 * simulated microseconds (cycles / clock rate), so the picture is as deterministic as the trace.
 * Format: "Trace Event Format", Google, docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU.
 */
public final class ChromeTrace {

    /** Length of the IPC slices (µs): the flow arrows need a slice at each end. */
    static final double IPC_SLICE_MICROS = 0.01;

    private ChromeTrace() {}

    /**
     * @param events oldest first
     * @param hz simulated clock rate
     * @param taskLabel a task's label, or null
     * @param endCycles the time of the export, which closes the slice of the thread running then
     */
    public static String json(List<TraceEvent> events, long hz, IntFunction<String> taskLabel, String arch, long endCycles) {
        double perMicro = hz / 1e6;
        List<String> out = new ArrayList<>();
        Map<Long, Boolean> threads = new TreeMap<>();
        long running = 0;
        double runningSince = 0;
        for (TraceEvent e : events) {
            double ts = e.cycles() / perMicro;
            remember(threads, e.from());
            remember(threads, e.to());
            switch (e.kind()) {
                case SWITCH -> {
                    if (running != 0) out.add(slice("running", "cpu", running, runningSince, ts - runningSince, Map.of()));
                    running = e.to();
                    runningSince = ts;
                }
                case IPC -> ipc(out, e, ts);
                default -> {
                    long on = e.from() != 0 && isThread(e.from()) ? e.from() : e.to();
                    if (!isThread(on)) on = running;
                    if (isThread(on)) out.add(instant(e, on, ts));
                }
            }
        }
        if (running != 0) out.add(slice("running", "cpu", running, runningSince, Math.max(0, endCycles / perMicro - runningSince), Map.of()));
        List<String> meta = new ArrayList<>();
        Map<Integer, Boolean> tasks = new TreeMap<>();
        for (long raw : threads.keySet()) {
            ThreadId id = ThreadId.ofRaw(raw);
            if (tasks.put(id.task(), Boolean.TRUE) == null) {
                String label = taskLabel.apply(id.task());
                meta.add("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + id.task() + ",\"args\":{\"name\":"
                        + str("task " + Integer.toHexString(id.task()) + (label == null || label.isEmpty() ? "" : " (" + label + ")")) + "}}");
                meta.add("{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":" + id.task() + ",\"args\":{\"sort_index\":" + id.task() + "}}");
            }
            meta.add("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + id.task() + ",\"tid\":" + tid(raw) + ",\"args\":{\"name\":"
                    + str("thread " + id) + "}}");
        }
        StringBuilder b = new StringBuilder("{\"traceEvents\":[\n");
        List<String> all = new ArrayList<>(meta);
        all.addAll(out);
        for (int i = 0; i < all.size(); i++) b.append(all.get(i)).append(i + 1 < all.size() ? ",\n" : "\n");
        b.append("],\"displayTimeUnit\":\"ns\",\"otherData\":{\"source\":\"L4 simulator\",\"architecture\":")
                .append(str(arch)).append(",\"clock-hz\":").append(hz).append(",\"events\":").append(events.size()).append("}}\n");
        return b.toString();
    }

    private static void ipc(List<String> out, TraceEvent e, double ts) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("from", traceId(e.from()));
        args.put("to", traceId(e.to()));
        args.put("w0", Format.hex(e.value()));
        args.put("result", ConditionCode.describe(e.result()));
        boolean sender = isThread(e.from());
        boolean receiver = isThread(e.to());
        if (sender) out.add(slice("ipc → " + traceId(e.to()), "ipc", e.from(), ts, IPC_SLICE_MICROS, args));
        if (receiver) out.add(slice("ipc ← " + traceId(e.from()), "ipc", e.to(), ts, IPC_SLICE_MICROS, args));
        if (sender && receiver) {
            out.add("{\"ph\":\"s\",\"cat\":\"ipc\",\"name\":\"ipc\",\"id\":" + e.seq() + ",\"pid\":" + pid(e.from()) + ",\"tid\":" + tid(e.from())
                    + ",\"ts\":" + num(ts) + "}");
            out.add("{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"ipc\",\"name\":\"ipc\",\"id\":" + e.seq() + ",\"pid\":" + pid(e.to()) + ",\"tid\":" + tid(e.to())
                    + ",\"ts\":" + num(ts) + "}");
        }
    }

    private static String slice(String name, String cat, long thread, double ts, double dur, Map<String, Object> args) {
        return "{\"ph\":\"X\",\"name\":" + str(name) + ",\"cat\":\"" + cat + "\",\"pid\":" + pid(thread) + ",\"tid\":" + tid(thread)
                + ",\"ts\":" + num(ts) + ",\"dur\":" + num(dur) + ",\"args\":" + object(args) + "}";
    }

    private static String instant(TraceEvent e, long thread, double ts) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("from", traceId(e.from()));
        args.put("to", traceId(e.to()));
        args.put("value", Format.hex(e.value()));
        args.put("result", e.result());
        return "{\"ph\":\"i\",\"s\":\"t\",\"name\":" + str(Format.kindName(e.kind())) + ",\"cat\":\"kernel\",\"pid\":" + pid(thread)
                + ",\"tid\":" + tid(thread) + ",\"ts\":" + num(ts) + ",\"args\":" + object(args) + "}";
    }

    private static void remember(Map<Long, Boolean> threads, long raw) {
        if (isThread(raw)) threads.put(raw, Boolean.TRUE);
    }

    /** A real thread (not nil, invalid or an interrupt source). */
    static boolean isThread(long raw) {
        if (raw == 0) return false;
        ThreadId id = ThreadId.ofRaw(raw);
        return !id.isNil() && !id.isInvalid() && !id.isInterrupt();
    }

    private static int pid(long raw) {
        return ThreadId.ofRaw(raw).task();
    }

    /** Unique across tasks: viewers key threads by tid. */
    static long tid(long raw) {
        ThreadId id = ThreadId.ofRaw(raw);
        return (long) id.task() * 128 + id.lthread();
    }

    private static String traceId(long raw) {
        return raw == 0 ? "-" : ThreadId.ofRaw(raw).toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String object(Map<String, Object> args) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> a : args.entrySet()) {
            if (b.length() > 1) b.append(',');
            b.append(str(a.getKey())).append(':').append(a.getValue() instanceof Number n ? n.toString() : str(String.valueOf(a.getValue())));
        }
        return b.append('}').toString();
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
