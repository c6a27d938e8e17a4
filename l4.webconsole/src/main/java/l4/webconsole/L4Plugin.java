package l4.webconsole;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l4.view.MachineView;

/**
 * The Web Console plugin {@code l4} ({@code /system/console/l4}): the page itself, which the
 * console wraps in its header and footer, and its live part alone at
 * {@code /system/console/l4/live.part} (not wrapped: it has an extension), which the page's
 * script fetches every {@link L4Page#REFRESH_MILLIS} ms.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + L4Plugin.LABEL,
        "felix.webconsole.title=L4 machine",
        "felix.webconsole.category=L4"})
public final class L4Plugin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(L4Plugin.class);
    static final String LABEL = "l4";
    static final String LIVE = "/live.part";

    private final transient MachineView view;

    @Activate
    public L4Plugin(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        boolean live = path.endsWith(LIVE);
        if (!live && !path.isEmpty() && !path.equals("/") && !path.endsWith("/" + LABEL) && !path.endsWith("/" + LABEL + ".html")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Long frame;
        try {
            frame = parseFrame(req.getParameter("frame"));
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        String body;
        try {
            Snapshot s = Snapshot.take(view, frame);
            String root = req.getContextPath() + req.getServletPath();
            body = live ? L4Page.live(s) : L4Page.page(s, root + "/" + LABEL + LIVE);
        } catch (IllegalStateException e) {
            // no machine runs (booting, halted, frozen): one line instead of the pictures
            LOG.debug("no snapshot: {}", e.getMessage());
            body = "<p class='l4-status'>" + L4Page.esc(e.getMessage() == null ? view.status() : e.getMessage()) + "</p>";
        }
        resp.getWriter().write(body);
    }

    /** A frame address in hexadecimal ({@code 0x} optional), or null when none was asked for. */
    static Long parseFrame(String s) {
        if (s == null || s.isBlank()) return null;
        String t = s.trim().toLowerCase();
        if (t.startsWith("0x")) t = t.substring(2);
        try {
            long v = Long.parseUnsignedLong(t, 16);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("frame: not a hexadecimal address: " + s);
        }
    }
}
