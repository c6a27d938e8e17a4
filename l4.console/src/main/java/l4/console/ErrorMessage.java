package l4.console;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

/** Turns a failed command's exception into the one line printed after {@code Error: }. */
final class ErrorMessage {

    private ErrorMessage() {
    }

    static String of(Throwable failure) {
        Throwable t = failure;
        // reflection wrappers say nothing; what the command threw is inside
        while ((t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException)
            && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof InterruptedException) {
            return "interrupted";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
