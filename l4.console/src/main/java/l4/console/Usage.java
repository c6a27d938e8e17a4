package l4.console;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Parameter;

/**
 * Usage lines of a Gogo command, read from its methods: options from {@link Parameter}, then the
 * positional arguments by name. Gogo reports a call that fits none of a command's methods as
 * {@code Cannot coerce f(Token) to any of [(String), ()]}; the shell shows the usage instead.
 */
final class Usage {

    /** Gogo runtime's message when no method of the command accepts the arguments. */
    private static final Pattern COERCE = Pattern.compile("Cannot coerce ([\\w.-]+)\\(");

    private Usage() {
    }

    /** The function named in a Gogo coercion failure, if {@code message} is one. */
    static Optional<String> coercedFunction(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = COERCE.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Whether {@code m} implements the Gogo function {@code function}: a Java keyword as a
     * function name ({@code l4:break}) is a method with a leading underscore, as Gogo calls it.
     */
    static boolean implementsFunction(Method m, String function) {
        String name = m.getName();
        return name.equalsIgnoreCase(function) || (name.startsWith("_") && name.substring(1).equalsIgnoreCase(function));
    }

    /**
     * One line per method of {@code target} that implements {@code function} (most arguments last),
     * each starting with {@code name} as the user should type it.
     */
    static List<String> lines(String name, String function, Class<?> target) {
        List<Method> methods = new ArrayList<>();
        for (Method m : target.getMethods()) {
            if (Usage.implementsFunction(m, function) && !Modifier.isStatic(m.getModifiers())
                && m.getDeclaringClass() != Object.class) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparingInt(Method::getParameterCount).thenComparing(Method::toString));
        Set<String> lines = new LinkedHashSet<>();
        for (Method m : methods) {
            lines.add(line(name, m));
        }
        return List.copyOf(lines);
    }

    private static String line(String name, Method m) {
        StringBuilder options = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        java.lang.reflect.Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            java.lang.reflect.Parameter p = params[i];
            if (CommandSession.class.isAssignableFrom(p.getType())) {
                continue;
            }
            Parameter option = Arrays.stream(m.getParameterAnnotations()[i])
                .filter(Parameter.class::isInstance).map(Parameter.class::cast).findFirst().orElse(null);
            String argName = argumentName(p);
            if (option != null) {
                String flag = longest(option.names());
                boolean isSwitch = !Parameter.UNSPECIFIED.equals(option.presentValue());
                options.append(" [").append(flag).append(isSwitch ? "" : " " + argName).append(']');
            } else {
                arguments.append(' ').append(argName).append(p.getType().isArray() || p.isVarArgs() ? "..." : "");
            }
        }
        return name + options + arguments;
    }

    private static String longest(String[] names) {
        return Arrays.stream(names).max(Comparator.comparingInt(String::length)).orElse("-?");
    }

    /** The parameter's name in capitals when the class files have it, else its type. */
    private static String argumentName(java.lang.reflect.Parameter p) {
        Class<?> type = p.getType().isArray() ? p.getType().getComponentType() : p.getType();
        String n = p.isNamePresent() ? p.getName() : type.getSimpleName();
        return n.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** "usage: a | b" on one line, for the one-line error of batch mode. */
    static String oneLine(List<String> lines) {
        return "usage: " + String.join(" | ", lines);
    }
}
