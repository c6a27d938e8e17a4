package l4.webconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import l4.view.ClanNode;
import l4.view.EventInfo;
import l4.view.MachineSummary;
import l4.view.MappingTree;
import l4.view.TaskInfo;
import l4.view.ThreadInfo;

class L4PageTest {
    static final TaskInfo SIGMA0 = new TaskInfo(1, "0x0400", -1, 0, "sigma0", 1);
    static final TaskInfo ROOT = new TaskInfo(2, "0x0800", -1, 0, "root", 1);
    static final TaskInfo CHILD = new TaskInfo(3, "0x0c01", 2, 1, "<names>", 2);

    static Snapshot snapshot(Optional<MappingTree> tree, List<EventInfo> events) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("ipc", 42L);
        MachineSummary summary = new MachineSummary("mips", 64L << 20, 1234, 123400, 100_000_000, "LAZY", counters, "00000000deadbeef");
        List<ThreadInfo> threads = List.of(
                new ThreadInfo("1.0", 1, "WAIT_RECEIVE", "", 255, 10, false),
                new ThreadInfo("3.0", 3, "READY", "2.0", 100, 5, true));
        List<ClanNode> clans = List.of(new ClanNode(SIGMA0, List.of()),
                new ClanNode(ROOT, List.of(new ClanNode(CHILD, List.of()))));
        return new Snapshot(summary, List.of(SIGMA0, ROOT, CHILD), threads, clans, List.of(0x5000L, 0x6000L), tree, events);
    }

    static final MappingTree TREE = new MappingTree(0x5000, List.of(
            new MappingTree.Node(1, 0x5000, 4096, "rw", -1),
            new MappingTree.Node(2, 0x10000, 4096, "rw", 0),
            new MappingTree.Node(3, 0x20000, 4096, "r", 1),
            new MappingTree.Node(4, 0x30000, 4096, "r", 1)));

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void mappingTreeHasOneNodePerMappingAndAnEdgePerChild() {
        String svg = L4Page.mappingSvg(TREE);
        assertEquals(4, count(svg, "<g class='l4-mapping'>"));
        assertEquals(3, count(svg, "<line "));
        assertTrue(svg.contains("task 4"), svg);
        assertTrue(svg.contains("0x30000 4K r"), svg);
        assertTrue(svg.contains("4 mappings"));
    }

    @Test
    void pageListsEveryTaskAndThreadEscaped() {
        String html = L4Page.page(snapshot(Optional.of(TREE), List.of()), "/system/console/l4/live.part");
        assertEquals(3, count(html, "<tr class='l4-task'"));
        assertEquals(2, count(html, "<tr class='l4-thread'>"));
        assertTrue(html.contains("&lt;names&gt;"), "labels are escaped");
        assertFalse(html.contains("<names>"));
        assertTrue(html.contains("3.0 (running)"));
        assertEquals(3, count(html, "<g class='l4-clan'>"), "a clan box per task");
        assertEquals(4, count(html, "<g class='l4-mapping'>"));
        assertTrue(html.contains("value='0x5000'/><datalist id='l4-frames'><option value='0x5000'/><option value='0x6000'/>"), html);
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "nothing from the network");
        assertFalse(html.matches("(?s).*<(script|link|img)[^>]*(src|href)=.*"), "no external scripts, styles or images");
    }

    @Test
    void timelineDrawsIpcAsArrowsAndOtherEventsAsTicks() {
        List<EventInfo> events = List.of(
                new EventInfo(1, 100, "ipc", "2.0", "3.0", 7, 0),
                new EventInfo(2, 150, "switch", "3.0", "", 0, 0),
                new EventInfo(3, 200, "irq", "", "3.1", 5, 0));
        String svg = L4Page.timelineSvg(events);
        assertEquals(3, count(svg, "<g class='l4-event'"));
        assertEquals(1, count(svg, "marker-end="));
        assertTrue(svg.contains(">3.1</text>"), "a lane per thread");
        assertTrue(L4Page.timelineSvg(List.of()).contains("no trace events"));
    }

    @Test
    void noMappingTreeIsSaidInWords() {
        String html = L4Page.page(snapshot(Optional.empty(), List.of()), "/x");
        assertTrue(html.contains("this frame has no mapping tree"));
        assertEquals(0, count(html, "l4-mapping'"));
    }

    @Test
    void frameParameter() {
        assertEquals(0x5000L, L4Plugin.parseFrame("0x5000"));
        assertEquals(0x5000L, L4Plugin.parseFrame("5000"));
        assertEquals(null, L4Plugin.parseFrame(""));
        assertThrows(IllegalArgumentException.class, () -> L4Plugin.parseFrame("zz"));
    }
}
