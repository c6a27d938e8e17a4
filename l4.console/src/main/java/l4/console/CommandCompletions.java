package l4.console;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.jline.builtins.Completers.CompletionData;
import org.osgi.framework.Bundle;

/**
 * Tab completion for commands that the Gogo profile does not describe: the command's description,
 * its options (from {@link Parameter}) and, for arguments the shell can list, their values — task
 * and thread ids and architectures from {@code l4:ids}, bundle ids from the framework.
 */
final class CommandCompletions {

    /** Gogo expressions that list the values of an argument, by the argument's name. */
    private static final Map<String, String> VALUES_BY_NAME = Map.of(
        "task", "l4:ids tasks",
        "thread", "l4:ids threads",
        "arch", "l4:ids archs",
        "name", "l4:ids archs");
    private static final String BUNDLE_IDS = "each ($.context bundles) { $it bundleId }";

    /** Finds the class of a command's service: (scope, function) to class. */
    interface Targets {
        Optional<Class<?>> target(String scope, String function);
    }

    private final Targets targets;

    CommandCompletions(Targets targets) {
        this.targets = targets;
    }

    /** Adds completions for every command in {@code commands} (scope:function) that has none yet. */
    void addMissing(Map<String, List<CompletionData>> completions, Set<String> commands) {
        if (commands == null) {
            return;
        }
        for (String command : commands) {
            if (completions.containsKey(command)) {
                continue;
            }
            int colon = command.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String function = command.substring(colon + 1);
            targets.target(command.substring(0, colon), function)
                .ifPresent(c -> completions.put(command, of(c, function)));
        }
    }

    /** Completion data of {@code function} as implemented by the methods of {@code target}. */
    static List<CompletionData> of(Class<?> target, String function) {
        Map<String, CompletionData> data = new LinkedHashMap<>();
        for (Method m : target.getMethods()) {
            if (!Usage.implementsFunction(m, function) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Descriptor d = m.getAnnotation(Descriptor.class);
            if (d != null && !data.containsKey("")) {
                data.put("", new CompletionData(null, d.value(), null, null));
            }
            java.lang.reflect.Parameter[] params = m.getParameters();
            for (int i = 0; i < params.length; i++) {
                java.lang.reflect.Parameter p = params[i];
                if (CommandSession.class.isAssignableFrom(p.getType())) {
                    continue;
                }
                Parameter option = Arrays.stream(m.getParameterAnnotations()[i])
                    .filter(Parameter.class::isInstance).map(Parameter.class::cast).findFirst().orElse(null);
                Descriptor pd = p.getAnnotation(Descriptor.class);
                if (option != null) {
                    List<String> names = List.of(option.names());
                    data.putIfAbsent("option " + names, new CompletionData(names, pd == null ? null : pd.value(), null, null));
                } else {
                    String values = values(p);
                    if (values != null) {
                        data.putIfAbsent("values " + values, new CompletionData(null, null, values, null));
                    }
                }
            }
        }
        return new ArrayList<>(data.values());
    }

    private static String values(java.lang.reflect.Parameter p) {
        Class<?> type = p.getType().isArray() ? p.getType().getComponentType() : p.getType();
        if (type == Bundle.class) {
            return BUNDLE_IDS;
        }
        return p.isNamePresent() ? VALUES_BY_NAME.get(p.getName().toLowerCase(Locale.ROOT)) : null;
    }
}
