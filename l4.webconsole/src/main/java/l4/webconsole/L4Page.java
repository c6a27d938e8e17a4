package l4.webconsole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import l4.view.ClanNode;
import l4.view.EventInfo;
import l4.view.MachineSummary;
import l4.view.MappingTree;
import l4.view.TaskInfo;
import l4.view.ThreadInfo;

/**
 * The plugin's HTML: pure functions of a {@link Snapshot}. Pictures are inline SVG and the only
 * script is inline, so the page needs nothing from the network.
 */
final class L4Page {
    /** How often the live part reloads itself. */
    static final int REFRESH_MILLIS = 2000;

    private L4Page() {}

    /** The whole plugin page (the console wraps it in its header and footer). */
    static String page(Snapshot s, String liveUrl) {
        StringBuilder b = new StringBuilder();
        b.append("<style>.l4 svg text{font:11px monospace}.l4 table.l4t td,.l4 table.l4t th{padding:1px 6px;font-family:monospace}</style>\n");
        b.append("<div class='l4'>\n<div id='l4-live'>").append(live(s)).append("</div>\n");
        b.append("<h2>Clans</h2>\n").append(clanSvg(s.clans()));
        b.append("<h2>Mapping tree</h2>\n<form method='get'>frame <input name='frame' list='l4-frames' size='14' value='")
                .append(s.tree().map(t -> hex(t.frame())).orElse("")).append("'/><datalist id='l4-frames'>");
        for (long f : s.frames()) b.append("<option value='").append(hex(f)).append("'/>");
        b.append("</datalist> <input type='submit' value='show'/> (any physical address; the list has the frames tasks other than σ0 have mapped)</form>\n");
        if (s.tree().isPresent()) b.append(mappingSvg(s.tree().get()));
        else if (s.frames().isEmpty()) b.append("<p>no task other than σ0 has a page mapped yet</p>\n");
        else b.append("<p>this frame has no mapping tree (not RAM, or a device page σ0 never mapped)</p>\n");
        b.append("<h2>Trace</h2>\n").append(timelineSvg(s.events()));
        // an absolute URL on the page's origin: a page opened as http://user:password@host/... would
        // otherwise resolve to a URL with credentials, which fetch refuses
        b.append("</div>\n<script>\n(function(){var n=0,u=new URL(").append(jsString(liveUrl)).append(",location.origin).href;\n")
                .append("function tick(){fetch(u,{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null})")
                .append(".then(function(t){if(t!==null){var e=document.getElementById('l4-live');e.innerHTML=t;e.setAttribute('data-refreshes',++n);}})")
                .append(".catch(function(){}).finally(function(){setTimeout(tick,").append(REFRESH_MILLIS).append(");});}\n")
                .append("setTimeout(tick,").append(REFRESH_MILLIS).append(");})();\n</script>\n");
        return b.toString();
    }

    /** The part that refreshes itself: summary, tasks, threads. */
    static String live(Snapshot s) {
        StringBuilder b = new StringBuilder();
        MachineSummary m = s.summary();
        b.append("<h2>Machine</h2>\n<table class='l4t' id='l4-summary'>");
        row(b, "th", "architecture", m.arch());
        row(b, "th", "memory", (m.memoryBytes() >> 20) + " MiB");
        row(b, "th", "simulated time", m.simulatedMicros() + " µs (" + m.simulatedCycles() + " cycles at " + m.clockHz() / 1_000_000 + " MHz)");
        row(b, "th", "scheduler", m.scheduler());
        for (Map.Entry<String, Long> e : m.counters().entrySet()) row(b, "th", e.getKey(), Long.toString(e.getValue()));
        row(b, "th", "trace digest", m.traceDigest());
        b.append("</table>\n<h2>Tasks</h2>\n<table class='l4t' id='l4-tasks'><tr><th>task</th><th>id</th><th>chief</th><th>nest</th><th>threads</th><th>label</th></tr>");
        for (TaskInfo t : s.tasks()) {
            b.append("<tr class='l4-task' data-task='").append(Integer.toHexString(t.number())).append("'>");
            cells(b, hexInt(t.number()), t.id(), t.chief() < 0 ? "-" : hexInt(t.chief()), Integer.toString(t.nest()),
                    Integer.toString(t.threads()), t.label().isEmpty() ? "-" : t.label());
            b.append("</tr>");
        }
        b.append("</table>\n<p>").append(s.tasks().size()).append(" active tasks</p>\n");
        b.append("<h2>Threads</h2>\n<table class='l4t' id='l4-threads'><tr><th>thread</th><th>state</th><th>partner</th><th>priority</th><th>CPU µs</th></tr>");
        for (ThreadInfo t : s.threads()) {
            b.append("<tr class='l4-thread'>");
            cells(b, t.id() + (t.running() ? " (running)" : ""), t.state(), t.partner().isEmpty() ? "-" : t.partner(),
                    Integer.toString(t.priority()), Long.toString(t.cpuMicros()));
            b.append("</tr>");
        }
        return b.append("</table>\n").toString();
    }

    // ---- pictures --------------------------------------------------------------------------------

    private static final int BOX_W = 150, BOX_H = 34, GAP_X = 20, GAP_Y = 30;

    /** A tree laid out by depth (rows) and leaf order (columns); {@code label} gives each box's two lines. */
    private static <T> String treeSvg(String cls, List<T> nodes, List<Integer> parents, java.util.function.Function<T, String[]> label,
            String nodeClass) {
        int n = nodes.size();
        int[] depth = new int[n];
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) children.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            int p = parents.get(i);
            if (p >= 0) {
                children.get(p).add(i);
                depth[i] = depth[p] + 1;
            }
        }
        double[] x = new double[n];
        double[] next = {0};
        for (int i = 0; i < n; i++) if (parents.get(i) < 0) place(i, children, x, next);
        int maxDepth = 0;
        for (int d : depth) maxDepth = Math.max(maxDepth, d);
        int width = (int) Math.max(1, next[0]) * (BOX_W + GAP_X) + GAP_X;
        int height = (maxDepth + 1) * (BOX_H + GAP_Y) + GAP_Y;
        StringBuilder b = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' class='").append(cls)
                .append("' width='").append(width).append("' height='").append(height).append("' viewBox='0 0 ")
                .append(width).append(' ').append(height).append("'>\n");
        for (int i = 0; i < n; i++) {
            int p = parents.get(i);
            if (p < 0) continue;
            b.append("<line x1='").append(cx(x[p])).append("' y1='").append(y(depth[p]) + BOX_H).append("' x2='")
                    .append(cx(x[i])).append("' y2='").append(y(depth[i])).append("' stroke='#555'/>\n");
        }
        for (int i = 0; i < n; i++) {
            String[] lines = label.apply(nodes.get(i));
            int left = (int) (GAP_X + x[i] * (BOX_W + GAP_X));
            int top = y(depth[i]);
            b.append("<g class='").append(nodeClass).append("'><rect x='").append(left).append("' y='").append(top)
                    .append("' width='").append(BOX_W).append("' height='").append(BOX_H)
                    .append("' rx='4' fill='#eef' stroke='#336'/>");
            for (int l = 0; l < lines.length; l++) {
                b.append("<text x='").append(left + 6).append("' y='").append(top + 14 + 13 * l).append("'>")
                        .append(esc(lines[l])).append("</text>");
            }
            b.append("</g>\n");
        }
        return b.append("</svg>\n").toString();
    }

    /** Leaves take the next column; a parent sits above the middle of its children. */
    private static void place(int i, List<List<Integer>> children, double[] x, double[] next) {
        List<Integer> c = children.get(i);
        if (c.isEmpty()) {
            x[i] = next[0]++;
            return;
        }
        for (int k : c) place(k, children, x, next);
        x[i] = (x[c.get(0)] + x[c.get(c.size() - 1)]) / 2;
    }

    private static int cx(double col) {
        return (int) (GAP_X + col * (BOX_W + GAP_X) + BOX_W / 2);
    }

    private static int y(int depth) {
        return GAP_Y + depth * (BOX_H + GAP_Y);
    }

    /** The clan tree: one box per task, under its chief. */
    static String clanSvg(List<ClanNode> roots) {
        List<TaskInfo> nodes = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        for (ClanNode r : roots) flatten(r, -1, nodes, parents);
        if (nodes.isEmpty()) return "<p>no active task</p>";
        return treeSvg("l4-clans", nodes, parents,
                t -> new String[] {"task " + hexInt(t.number()) + (t.label().isEmpty() ? "" : " " + t.label()), t.threads() + " threads, nest " + t.nest()},
                "l4-clan");
    }

    private static void flatten(ClanNode c, int parent, List<TaskInfo> nodes, List<Integer> parents) {
        int me = nodes.size();
        nodes.add(c.task());
        parents.add(parent);
        for (ClanNode m : c.clan()) flatten(m, me, nodes, parents);
    }

    /** A frame's mapping tree: one box ({@code g.l4-mapping}) per mapping, under the mapping it came from. */
    static String mappingSvg(MappingTree tree) {
        List<Integer> parents = new ArrayList<>();
        for (MappingTree.Node n : tree.nodes()) parents.add(n.parent());
        return "<p>frame " + hex(tree.frame()) + ": " + tree.nodes().size() + (tree.nodes().size() == 1 ? " mapping" : " mappings") + "</p>\n"
                + treeSvg("l4-mappings", tree.nodes(), parents,
                        m -> new String[] {"task " + hexInt(m.task()), hex(m.virtualAddress()) + " " + size(m.size()) + " " + m.rights()},
                        "l4-mapping");
    }

    private static final int LANE_H = 18, LABEL_W = 110, PLOT_W = 800;

    /** The trace as a timeline: a lane per thread, each event a tick at its simulated time, IPCs as arrows to their receiver's lane. */
    static String timelineSvg(List<EventInfo> events) {
        if (events.isEmpty()) return "<p>no trace events (l4:trace on)</p>";
        List<String> lanes = new ArrayList<>();
        for (EventInfo e : events) {
            if (!e.from().isEmpty() && !lanes.contains(e.from())) lanes.add(e.from());
            if (!e.to().isEmpty() && !lanes.contains(e.to())) lanes.add(e.to());
        }
        if (lanes.isEmpty()) lanes.add("kernel");
        long t0 = events.get(0).micros();
        long t1 = Math.max(t0 + 1, events.get(events.size() - 1).micros());
        int width = LABEL_W + PLOT_W + 20;
        int height = lanes.size() * LANE_H + 40;
        StringBuilder b = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' class='l4-timeline' width='").append(width)
                .append("' height='").append(height).append("'>\n");
        b.append("<defs><marker id='l4-arrow' markerWidth='6' markerHeight='6' refX='5' refY='3' orient='auto'><path d='M0,0 L6,3 L0,6 z' fill='#a33'/></marker></defs>\n");
        for (int i = 0; i < lanes.size(); i++) {
            int ly = 20 + i * LANE_H;
            b.append("<text x='2' y='").append(ly + 4).append("'>").append(esc(lanes.get(i))).append("</text>");
            b.append("<line x1='").append(LABEL_W).append("' y1='").append(ly).append("' x2='").append(LABEL_W + PLOT_W)
                    .append("' y2='").append(ly).append("' stroke='#ccc'/>\n");
        }
        for (EventInfo e : events) {
            int ex = LABEL_W + (int) ((e.micros() - t0) * PLOT_W / (t1 - t0));
            String lane = !e.from().isEmpty() ? e.from() : !e.to().isEmpty() ? e.to() : lanes.get(0);
            int fy = 20 + lanes.indexOf(lane) * LANE_H;
            String title = e.micros() + " µs " + e.kind() + " " + (e.from().isEmpty() ? "-" : e.from()) + " → "
                    + (e.to().isEmpty() ? "-" : e.to()) + " value " + hex(e.value()) + " result " + e.result();
            b.append("<g class='l4-event' data-kind='").append(esc(e.kind())).append("'><title>").append(esc(title)).append("</title>");
            if ("ipc".equalsIgnoreCase(e.kind()) && !e.from().isEmpty() && !e.to().isEmpty() && !e.from().equals(e.to())) {
                int ty = 20 + lanes.indexOf(e.to()) * LANE_H;
                b.append("<line x1='").append(ex).append("' y1='").append(fy).append("' x2='").append(ex).append("' y2='")
                        .append(ty + (ty > fy ? -3 : 3)).append("' stroke='#a33' marker-end='url(#l4-arrow)'/>");
            } else {
                b.append("<rect x='").append(ex - 1).append("' y='").append(fy - 5).append("' width='3' height='10' fill='#336'/>");
            }
            b.append("</g>\n");
        }
        b.append("<text x='").append(LABEL_W).append("' y='").append(height - 6).append("'>").append(t0).append(" µs</text>");
        b.append("<text x='").append(LABEL_W + PLOT_W - 80).append("' y='").append(height - 6).append("'>").append(t1).append(" µs</text>\n");
        return b.append("</svg>\n").toString();
    }

    // ---- text ------------------------------------------------------------------------------------

    private static void row(StringBuilder b, String head, String name, String value) {
        b.append("<tr><").append(head).append(" style='text-align:left'>").append(esc(name)).append("</").append(head)
                .append("><td>").append(esc(value)).append("</td></tr>");
    }

    private static void cells(StringBuilder b, String... values) {
        for (String v : values) b.append("<td>").append(esc(v)).append("</td>");
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String hexInt(int v) {
        return Integer.toHexString(v);
    }

    static String size(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "M" : bytes % 1024 == 0 ? (bytes >> 10) + "K" : bytes + "B";
    }

    /** HTML/XML text and attribute escaping. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&#39;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("<", "\\x3c") + "'";
    }
}
