package l4.webconsole;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one warning when the HTTP runtime (Felix HTTP Jetty) has started without an endpoint
 * (its port is taken, most likely): the system runs on without the web console. Jetty opens its
 * port in its bundle's start, so once that bundle is active the outcome is known. The runtime's
 * own messages go to the log file only (l4.logging's configuration).
 */
@Component(immediate = true, service = {})
public final class HttpEndpointCheck implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointCheck.class);
    /** The property an HTTP runtime service lists its URLs in (HTTP and servlet whiteboard specifications). */
    static final String ENDPOINT = "osgi.http.endpoint";
    static final String JETTY = "org.apache.felix.http.jetty";

    private final BundleContext context;

    @Activate
    public HttpEndpointCheck(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
        for (Bundle b : context.getBundles()) {
            if (JETTY.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) check();
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED && JETTY.equals(event.getBundle().getSymbolicName())) check();
    }

    void check() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(" + ENDPOINT + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs != null && refs.length > 0) {
            LOG.info("web console: {}system/console/l4", firstEndpoint(refs[0]));
            return;
        }
        String host = context.getProperty("org.apache.felix.http.host");
        String port = context.getProperty("org.osgi.service.http.port");
        LOG.warn("web console off: no HTTP endpoint on {}:{} (port taken?); the system runs without it (./l4 --http-port PORT, or ConfigAdmin PID org.apache.felix.http)",
                host == null ? "*" : host, port == null ? "8080" : port);
    }

    private static Object firstEndpoint(ServiceReference<?> ref) {
        Object v = ref.getProperty(ENDPOINT);
        if (v instanceof String[] a && a.length > 0) return a[0];
        if (v instanceof java.util.Collection<?> c && !c.isEmpty()) return c.iterator().next();
        return v;
    }
}
