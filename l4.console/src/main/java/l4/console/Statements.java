package l4.console;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.gogo.runtime.Parser;

/**
 * Splits a Gogo program at its top-level {@code ;} and newlines. Gogo itself prints only the
 * result of the last statement of {@code lb; scr:list}; run one statement at a time, each shows
 * its output as if typed alone. A program with {@code &&}, {@code ||} or {@code &} keeps Gogo's
 * own semantics and runs whole, and so does one that does not parse (Gogo reports the error).
 */
final class Statements {

    private Statements() {
    }

    static List<String> split(CharSequence program) {
        List<String> statements = new ArrayList<>();
        try {
            for (Parser.Executable e : new Parser(program).program().tokens()) {
                if (e instanceof Parser.Operator) {
                    String operator = e.toString();
                    if (!operator.equals(";") && !operator.equals("\n")) {
                        return List.of(program.toString());
                    }
                } else {
                    statements.add(e.toString());
                }
            }
        } catch (RuntimeException syntaxError) {
            return List.of(program.toString());
        }
        return statements;
    }
}
