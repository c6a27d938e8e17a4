package l4.itest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The states of all bundles and of all components' configurations, keyed by name (ids change
 * when a bundle restarts), comparable with equals.
 */
final class SystemState {

    private SystemState() {
    }

    static Map<String, String> of(BundleContext context, ServiceComponentRuntime scr) {
        Map<String, String> state = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            state.put("bundle " + b.getSymbolicName() + " " + b.getVersion(), bundleState(b.getState()));
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            List<String> states = new ArrayList<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                states.add(Components.stateName(c.state));
            }
            states.sort(null);
            state.put("component " + Components.name(d), (scr.isComponentEnabled(d) ? "" : "disabled ")
                + states);
        }
        return state;
    }

    static String bundleState(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }

    /** The entries that differ, for a failure message. */
    static String diff(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder b = new StringBuilder();
        TreeMap<String, String> keys = new TreeMap<>(expected);
        actual.forEach(keys::putIfAbsent);
        for (String key : keys.keySet()) {
            String e = expected.get(key);
            String a = actual.get(key);
            if (e == null ? a != null : !e.equals(a)) {
                b.append(System.lineSeparator()).append("  ").append(key).append(": expected ").append(e)
                    .append(", got ").append(a);
            }
        }
        return b.toString();
    }
}
