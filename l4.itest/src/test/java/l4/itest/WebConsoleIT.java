package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import l4.view.MachineView;
import l4.view.MappingTree;
import l4.view.TaskInfo;

/**
 * The web console plugin {@code l4} over HTTP, as a browser gets it: the page lists the tasks the
 * machine has, and the mapping tree's SVG has a node per mapping; in headless Chromium (Debian
 * {@code chromium}) the DOM after the page's scripts ran lists them too. Without Chromium that
 * test is skipped with one line, unless environment variable {@value #REQUIRE_CHROMIUM} is 1
 * (as in CI).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT extends L4Runtime {
    static final String PID = "l4.machine";
    static final String REQUIRE_CHROMIUM = "L4_REQUIRE_CHROMIUM";
    /** Web Console's default account. */
    static final String USER = "admin", PASSWORD = "admin";

    @Inject
    protected MachineView view;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private Configs.Saved original;

    @Before
    public void machineWithServers() throws Exception {
        original = Configs.save(configAdmin, PID);
        Configs.put(configAdmin, PID, "arch", "ix86", "servers", DriversIT.SERVERS);
        // the block driver and diskcheck use message buffers, faulted in from σ0: frames mapped below σ0
        boolean mapped = Await.until(() -> attempt(() -> !view.mappedFrames(1).isEmpty()), Await.TIMEOUT);
        assertTrue("no server task with a mapped page within " + Await.TIMEOUT.toSeconds() + " s: " + view.status(), mapped);
        assertTrue("no HTTP endpoint within " + Await.TIMEOUT.toSeconds() + " s",
                Await.until(() -> get("/system/console/l4").isPresent(), Await.TIMEOUT));
    }

    @After
    public void restore() throws Exception {
        original.restore();
    }

    @Test
    public void pageListsTheTasksAndDrawsANodePerMapping() throws Exception {
        long frame = view.mappedFrames(1).get(0);
        MappingTree tree = view.mappingTree(frame).orElseThrow();
        assertTrue("a frame mapped below σ0 has at least two mappings: " + tree, tree.nodes().size() >= 2);
        String page = get("/system/console/l4?frame=0x" + Long.toHexString(frame)).orElseThrow();
        List<TaskInfo> tasks = view.tasks();
        for (TaskInfo t : tasks) {
            assertTrue("task " + t.number() + " is not listed:\n" + page, page.contains("data-task='" + Integer.toHexString(t.number()) + "'"));
        }
        assertEquals(page, tasks.size(), count(page, "<tr class='l4-task'"));
        String svg = section(page, "<svg xmlns='http://www.w3.org/2000/svg' class='l4-mappings'");
        assertEquals("a node per mapping:\n" + svg, tree.nodes().size(), count(svg, "<g class='l4-mapping'>"));
        assertTrue(page.contains("<svg xmlns='http://www.w3.org/2000/svg' class='l4-clans'"));
        // the live part alone, as the page's script fetches it
        String live = get("/system/console/l4/live.part").orElseThrow();
        assertEquals(live, tasks.size(), count(live, "<tr class='l4-task'"));
        assertTrue("the live part is not wrapped in the console's page", !live.contains("<html"));
    }

    @Test
    public void chromiumShowsTheTasksAfterTheScriptsRan() throws Exception {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            boolean required = "1".equals(System.getenv(REQUIRE_CHROMIUM));
            if (required) fail(REQUIRE_CHROMIUM + "=1 but no chromium on the PATH (apt-get install chromium)");
            System.out.println("WebConsoleIT: no chromium on the PATH, the headless browser test is skipped (apt-get install chromium)");
            Assume.assumeTrue("no chromium", false);
        }
        Path profile = Files.createTempDirectory("l4-chromium");
        String url = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port() + "/system/console/l4";
        Process p = new ProcessBuilder(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                // long enough for one refresh of the live part by the page's script
                "--virtual-time-budget=5000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s");
        }
        String dom = new String(out, StandardCharsets.UTF_8);
        List<TaskInfo> tasks = view.tasks();
        for (TaskInfo t : tasks) {
            assertTrue("task " + t.number() + " is not in the DOM:\n" + dom, dom.contains("data-task=\"" + Integer.toHexString(t.number()) + "\""));
        }
        assertTrue("the page's script did not refresh the live part:\n" + dom, dom.contains("data-refreshes=\""));
        assertTrue("no clan tree in the DOM", dom.contains("class=\"l4-clans\""));
        assertTrue("no mapping tree in the DOM", count(dom, "<g class=\"l4-mapping\">") >= 2);
    }

    static Optional<String> chromium() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private int port() {
        return Integer.parseInt(context.getProperty(HTTP_PORT));
    }

    /** The body of a GET with the console's account, or empty when the server is not (yet) there or answers an error. */
    private Optional<String> get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port() + path).toURL().openConnection();
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if (c.getResponseCode() != 200) return Optional.empty();
            try (var in = c.getInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean attempt(java.util.function.BooleanSupplier s) {
        try {
            return s.getAsBoolean();
        } catch (IllegalStateException e) {
            return false; // the machine reboots with the new configuration
        }
    }

    static String section(String page, String start) {
        int from = page.indexOf(start);
        assertTrue("no " + start + " in the page:\n" + page, from >= 0);
        return page.substring(from, page.indexOf("</svg>", from));
    }

    static int count(String text, String literal) {
        Matcher m = Pattern.compile(Pattern.quote(literal)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> t = new Hashtable<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            t.put(k, d.get(k));
        }
        return t;
    }
}
