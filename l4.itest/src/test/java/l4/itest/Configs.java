package l4.itest;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration helpers of the integration tests: editable copies, and a PID's state saved before a test and put back after it. */
final class Configs {
    private Configs() {
    }

    /** An editable copy of {@code d} (ConfigAdmin hands out its own), or null. */
    static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        if (d == null) return null;
        Hashtable<String, Object> t = new Hashtable<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            t.put(k, d.get(k));
        }
        return t;
    }

    /** The properties {@code pid} has now (none: it has no configuration), to put back with {@link Saved#restore}. */
    static Saved save(ConfigurationAdmin admin, String pid) throws Exception {
        Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
        return new Saved(admin, pid, found == null || found.length == 0 ? null : copy(found[0].getProperties()));
    }

    /** Sets the given properties of {@code pid} (key, value, key, value ...), keeping its others; a PID without a configuration gets one. */
    static void put(ConfigurationAdmin admin, String pid, Object... keysAndValues) throws Exception {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values come in pairs");
        Configuration c = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : copy(c.getProperties());
        for (int i = 0; i < keysAndValues.length; i += 2) props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        c.update(props);
    }

    record Saved(ConfigurationAdmin admin, String pid, Dictionary<String, Object> properties) {
        /** Puts the saved properties back, or deletes the configuration if there was none. */
        void restore() throws Exception {
            Configuration c = admin.getConfiguration(pid, "?");
            if (properties == null) c.delete();
            else c.update(properties);
        }
    }
}
