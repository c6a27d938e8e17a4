package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Uses Gogo's real parser. */
class StatementsTest {

    @Test
    void semicolonsAndNewlinesSeparateStatements() {
        assertEquals(List.of("lb", "scr:list"), Statements.split("lb; scr:list"));
        assertEquals(List.of("lb", "l4:tasks"), Statements.split("lb\nl4:tasks\n"));
    }

    @Test
    void pipelinesClosuresAndQuotesStayWhole() {
        assertEquals(List.of("lb | grep l4"), Statements.split("lb | grep l4"));
        assertEquals(List.of("each [1 2] { echo $it; echo x }", "echo 'a;b'"),
            Statements.split("each [1 2] { echo $it; echo x }; echo 'a;b'"));
    }

    @Test
    void conditionalOperatorsKeepGogoSemantics() {
        assertEquals(List.of("a && b; c"), Statements.split("a && b; c"));
        assertEquals(List.of("a || b"), Statements.split("a || b"));
    }

    @Test
    void commentsAndBlankProgramsRunNothing() {
        assertEquals(List.of(), Statements.split("# only a comment"));
        assertEquals(List.of(), Statements.split("   "));
    }

    @Test
    void unparsableProgramRunsWholeSoGogoReportsTheError() {
        assertEquals(List.of("echo {"), Statements.split("echo {"));
    }
}
