package l4.kernel.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import l4.kernel.boot.Machine;
import l4.kernel.boot.MachineConfiguration;
import l4.kernel.boot.MachineSettings;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Configuration commands in the style of Apache Karaf's {@code config:} scope, for the PIDs the
 * l4.* bundles describe with Metatype: list them with values and descriptions, get, set and delete
 * one property, or edit several in a session ({@code config:edit}, {@code config:property-set},
 * {@code config:update}). Every value is converted to the type the Metatype declares and checked
 * against it ({@link AttributeDefinition#validate}); {@code l4.machine} is also checked as a whole
 * ({@link MachineSettings}), so a bad change is one line and nothing is stored. Changes are stored
 * by ConfigAdmin in the data directory: they persist across runs.
 */
@Component(service = ConfigCommands.class, immediate = true, property = {
        "osgi.command.scope=config",
        "osgi.command.function=list",
        "osgi.command.function=get",
        "osgi.command.function=set",
        "osgi.command.function=delete",
        "osgi.command.function=edit",
        "osgi.command.function=cancel"})
public final class ConfigCommands {
    /** The session variable holding an edit under way. */
    static final String EDIT = "l4.config.edit";
    private static final String PERSISTS = "stored in ConfigAdmin under the data directory: later runs use it too";

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    MetaTypeService metaType;

    @Reference
    Machine machine;

    private BundleContext context;
    private final List<ServiceRegistration<Function>> hyphenated = new ArrayList<>();

    @Activate
    void activate(BundleContext bc) {
        context = bc;
        // Gogo finds a command's method by its name: names with a hyphen are Functions of their own
        hyphenated.add(function(bc, "property-set", "KEY VALUE", 2, (session, a) -> propertySet(session, a.get(0), a.get(1))));
        hyphenated.add(function(bc, "property-delete", "KEY", 1, (session, a) -> propertyDelete(session, a.get(0))));
        hyphenated.add(function(bc, "property-list", "", 0, (session, a) -> propertyList(session)));
        // a bare 'update ID' may resolve to config:update (Gogo tries the scopes in name order):
        // with arguments it is the bundle update of the Felix shell
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "config");
        props.put("osgi.command.function", "update");
        Function update = (session, arguments) -> arguments.isEmpty() ? update(session) : felixUpdate(session, arguments);
        hyphenated.add(bc.registerService(Function.class, update, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<Function> r : hyphenated) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered with the bundle
            }
        }
        hyphenated.clear();
    }

    private interface Body {
        Object run(CommandSession session, List<String> args);
    }

    private static ServiceRegistration<Function> function(BundleContext bc, String name, String usage, int count, Body body) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "config");
        props.put("osgi.command.function", name);
        Function f = (session, arguments) -> {
            if (arguments.size() != count) {
                throw error(name, "usage: config:" + name + (usage.isEmpty() ? "" : " " + usage));
            }
            List<String> args = new ArrayList<>();
            for (Object o : arguments) args.add(String.valueOf(o));
            return body.run(session, args);
        };
        return bc.registerService(Function.class, f, props);
    }

    /** An edit under way: the PID and its properties as they will be stored. */
    static final class Edit {
        final String pid;
        final Map<String, Object> properties;

        Edit(String pid, Map<String, Object> properties) {
            this.pid = pid;
            this.properties = properties;
        }
    }

    // ---- list, get, set, delete ------------------------------------------------------------------

    @Descriptor("the configurations of the l4 bundles: each PID, its description, and every property with type, value and description")
    public String list() {
        Map<String, ObjectClassDefinition> pids = describedPids();
        if (pids.isEmpty()) return "no l4 bundle describes a configuration (is the Metatype service running?)";
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ObjectClassDefinition> e : pids.entrySet()) {
            b.append(describe(e.getKey(), e.getValue())).append('\n');
        }
        return b.toString().stripTrailing();
    }

    @Descriptor("one configuration: its properties with type, value (or the default) and description")
    public String list(@Descriptor("the PID, e.g. l4.machine") String pid) {
        return describe(pid, definition("list", pid));
    }

    @Descriptor("the value of one property (the default when none is stored)")
    public String get(@Descriptor("the PID") String pid, @Descriptor("the property") String key) {
        AttributeDefinition ad = attribute("get", pid, key);
        Dictionary<String, Object> stored = stored(pid);
        Object v = stored == null ? null : stored.get(key);
        return v == null ? show(defaults(ad)) + " (default)" : show(v);
    }

    @Descriptor("sets one property, converted to and checked against its Metatype type; stored at once (l4.machine: returns when the machine runs with it)")
    public String set(@Descriptor("the PID") String pid, @Descriptor("the property") String key, @Descriptor("the value; a list: comma-separated") String value) {
        AttributeDefinition ad = attribute("set", pid, key);
        Map<String, Object> props = current(pid);
        props.put(key, convert("set", pid, ad, value));
        store("set", pid, props);
        return pid + ": " + key + "=" + show(props.get(key)) + " " + PERSISTS;
    }

    @Descriptor("deletes one property (back to its default) and stores the rest")
    public String delete(@Descriptor("the PID") String pid, @Descriptor("the property") String key) {
        attribute("delete", pid, key);
        Map<String, Object> props = current(pid);
        if (props.remove(key) == null) return pid + ": " + key + " was not set (it has its default)";
        store("delete", pid, props);
        return pid + ": " + key + " deleted (back to its default), " + PERSISTS;
    }

    @Descriptor("deletes a whole configuration: every property back to its default")
    public String delete(@Descriptor("the PID") String pid) {
        definition("delete", pid);
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null) return pid + " has no stored configuration (every property has its default)";
            for (Configuration c : found) c.delete();
        } catch (IOException | InvalidSyntaxException e) {
            throw error("delete", L4Commands.oneLine(e));
        }
        return pid + " deleted: every property has its default; later runs too";
    }

    // ---- the edit session --------------------------------------------------------------------------

    @Descriptor("starts editing a configuration in this shell session: config:property-set, config:property-delete, then config:update (or config:cancel)")
    public String edit(CommandSession session, @Descriptor("the PID") String pid) {
        definition("edit", pid);
        Edit running = (Edit) session.get(EDIT);
        String note = running == null ? "" : " (the edit of " + running.pid + " was dropped)";
        session.put(EDIT, new Edit(pid, current(pid)));
        return "editing " + pid + note + ": config:property-set KEY VALUE, config:property-list, then config:update or config:cancel";
    }

    @Descriptor("sets a property in the configuration being edited (checked against its Metatype type now, stored by config:update)")
    public String propertySet(CommandSession session, @Descriptor("the property") String key, @Descriptor("the value; a list: comma-separated") String value) {
        Edit e = editing(session, "property-set");
        e.properties.put(key, convert("property-set", e.pid, attribute("property-set", e.pid, key), value));
        return e.pid + ": " + key + "=" + show(e.properties.get(key)) + " (not stored until config:update)";
    }

    @Descriptor("deletes a property from the configuration being edited (back to its default at config:update)")
    public String propertyDelete(CommandSession session, @Descriptor("the property") String key) {
        Edit e = editing(session, "property-delete");
        if (e.properties.remove(key) == null) return e.pid + ": " + key + " is not set";
        return e.pid + ": " + key + " deleted (not stored until config:update)";
    }

    @Descriptor("the properties of the configuration being edited, as config:update would store them")
    public String propertyList(CommandSession session) {
        Edit e = editing(session, "property-list");
        StringBuilder b = new StringBuilder(e.pid).append(" (being edited)");
        for (Map.Entry<String, Object> p : new TreeMap<>(e.properties).entrySet()) {
            b.append("\n  ").append(p.getKey()).append(" = ").append(show(p.getValue()));
        }
        return b.toString();
    }

    /** {@code felix:update} with the same arguments (tokens as typed, objects through session variables). */
    private static Object felixUpdate(CommandSession session, List<Object> arguments) throws Exception {
        StringBuilder command = new StringBuilder("felix:update");
        for (int i = 0; i < arguments.size(); i++) {
            Object a = arguments.get(i);
            if (a instanceof CharSequence) {
                command.append(' ').append(a);
            } else {
                session.put("_l4update" + i, a);
                command.append(" $_l4update").append(i);
            }
        }
        return session.execute(command);
    }

    /** Checks and stores the configuration being edited; a rejected one stays open for corrections. */
    public String update(CommandSession session) {
        Edit e = editing(session, "update");
        store("update", e.pid, new LinkedHashMap<>(e.properties));
        session.put(EDIT, null);
        return e.pid + " updated, " + PERSISTS;
    }

    @Descriptor("drops the configuration being edited; nothing is stored")
    public String cancel(CommandSession session) {
        Edit e = editing(session, "cancel");
        session.put(EDIT, null);
        return "edit of " + e.pid + " cancelled; nothing stored";
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /** The one line a failing config: command prints. */
    static IllegalArgumentException error(String cmd, String what) {
        return new IllegalArgumentException("config:" + cmd + ": " + what);
    }

    private static Edit editing(CommandSession session, String cmd) {
        Object e = session.get(EDIT);
        if (!(e instanceof Edit)) throw error(cmd, "no configuration is being edited (config:edit PID first)");
        return (Edit) e;
    }

    /** The PIDs the l4.* bundles describe, with their definitions. */
    private Map<String, ObjectClassDefinition> describedPids() {
        Map<String, ObjectClassDefinition> pids = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("l4.")) continue;
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) continue;
            for (String pid : info.getPids()) pids.put(pid, info.getObjectClassDefinition(pid, null));
        }
        return pids;
    }

    private ObjectClassDefinition definition(String cmd, String pid) {
        ObjectClassDefinition ocd = pid == null ? null : describedPids().get(pid);
        if (ocd == null) {
            throw error(cmd, "no l4 bundle describes a configuration " + pid + " (known: "
                    + String.join(", ", describedPids().keySet()) + ")");
        }
        return ocd;
    }

    private AttributeDefinition attribute(String cmd, String pid, String key) {
        ObjectClassDefinition ocd = definition(cmd, pid);
        List<String> known = new ArrayList<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            if (ad.getID().equals(key)) return ad;
            known.add(ad.getID());
        }
        throw error(cmd, pid + " has no property " + key + " (it has " + String.join(", ", known) + ")");
    }

    /** A shell string as the type the Metatype declares, checked by the definition itself. */
    static Object convert(String cmd, String pid, AttributeDefinition ad, String text) {
        String v = text == null ? "" : text.trim();
        String problem = ad.validate(v);
        if (problem != null && !problem.isEmpty()) {
            if (MachineConfiguration.PID.equals(pid)) {
                // the machine's own check names the limits, which the Metatype's message does not
                try {
                    MachineSettings.check(Map.of(ad.getID(), v), null);
                } catch (MachineSettings.Rejected r) {
                    throw error(cmd, r.problems().get(0));
                }
            }
            throw error(cmd, pid + ": " + ad.getID() + "='" + text + "' rejected: " + problem + allowed(ad));
        }
        List<String> items = new ArrayList<>();
        if (ad.getCardinality() != 0) {
            for (String part : v.split(",")) if (!part.isBlank()) items.add(part.trim());
        }
        try {
            if (ad.getCardinality() != 0) {
                if (ad.getType() == AttributeDefinition.STRING) return items.toArray(new String[0]);
                throw new IllegalArgumentException("list of type " + ad.getType());
            }
            return switch (ad.getType()) {
                case AttributeDefinition.INTEGER -> Integer.valueOf(v);
                case AttributeDefinition.LONG -> Long.valueOf(v);
                case AttributeDefinition.BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) throw new IllegalArgumentException("boolean");
                    yield Boolean.valueOf(v);
                }
                case AttributeDefinition.STRING -> v;
                default -> throw new IllegalArgumentException("type " + ad.getType());
            };
        } catch (IllegalArgumentException e) {
            throw error(cmd, pid + ": " + ad.getID() + "='" + text + "' rejected: " + typeName(ad) + allowed(ad));
        }
    }

    private static String allowed(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        return options == null || options.length == 0 ? "" : " (allowed: " + String.join(", ", options) + ")";
    }

    static String typeName(AttributeDefinition ad) {
        String t = switch (ad.getType()) {
            case AttributeDefinition.INTEGER -> "an integer";
            case AttributeDefinition.LONG -> "a long integer";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.STRING -> "a string";
            default -> "type " + ad.getType();
        };
        return ad.getCardinality() == 0 ? t : "a comma-separated list of " + t.replaceFirst("^an? ", "") + "s";
    }

    private Dictionary<String, Object> stored(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            return found == null ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            throw error("list", L4Commands.oneLine(e));
        }
    }

    /** The stored properties of ours (without ConfigAdmin's own), or none. */
    private Map<String, Object> current(String pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        Dictionary<String, Object> d = stored(pid);
        if (d != null) {
            for (Map.Entry<String, Object> e : MachineSettings.toMap(d).entrySet()) {
                if (!e.getKey().startsWith("service.")) m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Checks the whole configuration as its consumer will, then stores it (bound to ? so that every bundle may use it). */
    private void store(String cmd, String pid, Map<String, Object> props) {
        if (MachineConfiguration.PID.equals(pid)) {
            try {
                MachineSettings.check(props, machine.installedArchitectures());
            } catch (MachineSettings.Rejected r) {
                throw error(cmd, r.problems().get(0) + (r.problems().size() > 1 ? " (and " + (r.problems().size() - 1) + " more)" : ""));
            }
        }
        try {
            Configuration c = configAdmin.getConfiguration(pid, "?");
            c.update(new Hashtable<>(props));
        } catch (IOException | RuntimeException e) {
            throw error(cmd, "storing " + pid + " failed: " + L4Commands.oneLine(e));
        }
        if (MachineConfiguration.PID.equals(pid)
                && !machine.awaitConfiguration(props, L4Commands.BOOT_WAIT, L4Commands::progress)) {
            throw error(cmd, pid + " is stored, but no machine runs with it within " + L4Commands.BOOT_WAIT.toSeconds()
                    + " s (" + machine.status() + ")");
        }
    }

    private String describe(String pid, ObjectClassDefinition ocd) {
        Dictionary<String, Object> stored = stored(pid);
        StringBuilder b = new StringBuilder(pid).append(" - ").append(ocd.getName());
        if (ocd.getDescription() != null) b.append(": ").append(ocd.getDescription());
        b.append(stored == null ? " (nothing stored: defaults)" : " (stored)");
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            Object v = stored == null ? null : stored.get(ad.getID());
            b.append("\n  ").append(ad.getID()).append(" = ").append(v == null ? show(defaults(ad)) + " (default)" : show(v))
                    .append("  [").append(typeName(ad)).append("]");
            if (ad.getDescription() != null && !ad.getDescription().isBlank()) b.append(" ").append(ad.getDescription());
            else if (ad.getName() != null) b.append(" ").append(ad.getName());
        }
        return b.toString();
    }

    private static Object defaults(AttributeDefinition ad) {
        String[] d = ad.getDefaultValue();
        if (d == null) return ad.getCardinality() == 0 ? "" : new String[0];
        return ad.getCardinality() == 0 ? (d.length == 0 ? "" : d[0]) : d;
    }

    static String show(Object v) {
        if (v instanceof String[] a) return "[" + String.join(", ", a) + "]";
        if (v instanceof String s) return s.isEmpty() ? "''" : s;
        return String.valueOf(v);
    }
}
