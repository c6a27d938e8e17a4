package l4.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The one line a user sees for a failed command, in the interactive shell and in batch mode alike:
 * the command's own message ({@link ErrorMessage}), or, where Gogo found no method of the command
 * for the arguments given, the command's usage ({@link Usage}) instead of Gogo's coercion text.
 */
final class Failures {

    private static final String COMMAND_SCOPE = "osgi.command.scope";
    private static final String COMMAND_FUNCTION = "osgi.command.function";

    private final BundleContext context;

    Failures(BundleContext context) {
        this.context = context;
    }

    /** @param program the statement or line that failed, to tell which scope was meant */
    String describe(Throwable failure, String program) {
        String message = ErrorMessage.of(failure);
        Optional<String> function = Usage.coercedFunction(message);
        if (function.isEmpty() || context == null) {
            return message;
        }
        return usage(function.get(), program)
            .map(lines -> lines.get(0).split(" ", 2)[0] + ": wrong arguments; " + Usage.oneLine(lines)
                + " ('help " + lines.get(0).split(" ", 2)[0] + "' for details)")
            .orElse(message);
    }

    /** The usage lines of {@code function} as the program names it; empty if no command service has it. */
    Optional<List<String>> usage(String function, String program) {
        Optional<ServiceReference<?>> best = command(scopeIn(program, function), function);
        if (best.isEmpty()) {
            return Optional.empty();
        }
        String name = best.get().getProperty(COMMAND_SCOPE) + ":" + function;
        return serviceClass(best.get()).map(c -> Usage.lines(name, function, c)).filter(l -> !l.isEmpty());
    }

    /** The class of the service that implements scope:function (any scope if null). */
    Optional<Class<?>> target(String scope, String function) {
        return command(scope, function).flatMap(this::serviceClass);
    }

    private Optional<ServiceReference<?>> command(String scope, String function) {
        ServiceReference<?> best = null;
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + COMMAND_FUNCTION + "=" + function + ")");
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                String s = String.valueOf(r.getProperty(COMMAND_SCOPE));
                if (scope != null && !scope.equalsIgnoreCase(s)) {
                    continue;
                }
                if (best == null || rank(r, best) > 0) {
                    best = r;
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    private Optional<Class<?>> serviceClass(ServiceReference<?> ref) {
        try {
            Object service = context.getService(ref);
            if (service == null) {
                return Optional.empty();
            }
            context.ungetService(ref);
            return Optional.of(service.getClass());
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** gogo's own commands win (the shell's SCOPE is gogo:*), then the higher ranking. */
    private static int rank(ServiceReference<?> a, ServiceReference<?> b) {
        boolean ga = "gogo".equals(a.getProperty(COMMAND_SCOPE));
        boolean gb = "gogo".equals(b.getProperty(COMMAND_SCOPE));
        if (ga != gb) {
            return ga ? 1 : -1;
        }
        return Integer.compare(ranking(a), ranking(b));
    }

    private static int ranking(ServiceReference<?> r) {
        return r.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    /** The scope written before {@code function} in the program ({@code l4:threads} gives l4), or null. */
    static String scopeIn(String program, String function) {
        if (program == null) {
            return null;
        }
        Matcher m = Pattern.compile("([\\w.-]+):" + Pattern.quote(function) + "(?![\\w.-])", Pattern.CASE_INSENSITIVE)
            .matcher(program);
        List<String> scopes = new ArrayList<>();
        while (m.find()) {
            scopes.add(m.group(1));
        }
        return scopes.size() == 1 ? scopes.get(0) : null;
    }

}
