package l4.itest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Which DS components of the l4.* bundles are not where they should be. A component must be
 * ACTIVE or SATISFIED unless one of its mandatory references cannot be satisfied in this
 * framework: nothing provides a matching service, neither a registered service nor a component
 * (of any bundle) that could itself become satisfied.
 */
final class Components {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final List<ComponentDescriptionDTO> all;

    /** Problems (must be fixed) and notes (components excused because a dependency is absent). */
    final List<String> problems = new ArrayList<>();
    final List<String> excused = new ArrayList<>();

    private Components(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        this.all = new ArrayList<>(scr.getComponentDescriptionDTOs());
    }

    static Components check(BundleContext context, ServiceComponentRuntime scr) {
        Components c = new Components(context, scr);
        c.run();
        return c;
    }

    /** The component descriptions of the l4.* bundles. */
    static List<ComponentDescriptionDTO> ours(ServiceComponentRuntime scr) {
        return scr.getComponentDescriptionDTOs().stream()
            .filter(d -> d.bundle.symbolicName.startsWith("l4."))
            .collect(Collectors.toList());
    }

    static String name(ComponentDescriptionDTO d) {
        return d.bundle.symbolicName + "/" + d.name;
    }

    static String stateName(int state) {
        switch (state) {
            case ComponentConfigurationDTO.ACTIVE: return "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED: return "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return "FAILED_ACTIVATION";
            default: return "state " + state;
        }
    }

    private void run() {
        for (ComponentDescriptionDTO d : all) {
            if (!d.bundle.symbolicName.startsWith("l4.")) {
                continue;
            }
            if (!scr.isComponentEnabled(d)) {
                excused.add(name(d) + ": disabled (enabled=false until something enables it)");
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(d);
            if (configurations.isEmpty()) {
                if ("require".equals(d.configurationPolicy)) {
                    excused.add(name(d) + ": waits for a configuration (configuration-policy=require, PID "
                        + String.join(",", d.configurationPid) + ")");
                } else {
                    problems.add(name(d) + ": enabled but has no configuration at all");
                }
                continue;
            }
            for (ComponentConfigurationDTO c : configurations) {
                check(d, c);
            }
        }
    }

    private void check(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.ACTIVE:
            case ComponentConfigurationDTO.SATISFIED:
                return;
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                problems.add(name(d) + "#" + c.id + ": FAILED_ACTIVATION: " + firstLine(c.failure));
                return;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                List<String> missing = new ArrayList<>();
                List<String> satisfiable = new ArrayList<>();
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    String iface = interfaceOf(d, u.name);
                    String text = u.name + " -> " + iface + (u.target == null ? "" : " " + u.target);
                    if (providerExists(iface, u.target, new HashSet<>(Set.of(key(d))))) {
                        satisfiable.add(text);
                    } else {
                        missing.add(text);
                    }
                }
                if (missing.isEmpty()) {
                    problems.add(name(d) + "#" + c.id + ": UNSATISFIED_REFERENCE although a provider exists for "
                        + satisfiable);
                } else {
                    excused.add(name(d) + "#" + c.id + ": nothing in this framework provides " + missing);
                }
                return;
            default:
                problems.add(name(d) + "#" + c.id + ": " + stateName(c.state));
        }
    }

    /** Is there, or could there be, a service of this interface matching the target filter? */
    private boolean providerExists(String iface, String target, Set<String> visiting) {
        try {
            if (context.getServiceReferences(iface, target) != null) {
                return true;
            }
            for (ComponentDescriptionDTO p : all) {
                if (List.of(p.serviceInterfaces).contains(iface)
                    && (target == null || FrameworkUtil.createFilter(target).matches(p.properties))
                    && couldBeSatisfied(p, visiting)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    /** Could this component become satisfied: enabled and every mandatory reference has a provider. */
    private boolean couldBeSatisfied(ComponentDescriptionDTO d, Set<String> visiting) {
        if (!visiting.add(key(d))) {
            return false; // a cycle of mandatory references never satisfies
        }
        try {
            if (!scr.isComponentEnabled(d)) {
                return false;
            }
            if ("require".equals(d.configurationPolicy) && scr.getComponentConfigurationDTOs(d).isEmpty()) {
                return false;
            }
            for (ReferenceDTO r : d.references) {
                if (r.cardinality.startsWith("1") && !providerExists(r.interfaceName, r.target, visiting)) {
                    return false;
                }
            }
            return true;
        } finally {
            visiting.remove(key(d));
        }
    }

    private static String interfaceOf(ComponentDescriptionDTO d, String reference) {
        for (ReferenceDTO r : d.references) {
            if (r.name.equals(reference)) {
                return r.interfaceName;
            }
        }
        return "?";
    }

    private static String key(ComponentDescriptionDTO d) {
        return d.bundle.id + "/" + d.name;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no failure text)";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl).trim();
    }
}
