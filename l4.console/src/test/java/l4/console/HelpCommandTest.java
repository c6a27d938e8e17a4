package l4.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HelpCommandTest {

    @Test
    void groupsListOnlyRegisteredCommandsAndNothingIsHidden() {
        String help = HelpCommand.render(Set.of("l4:tasks", "l4:pingpong", "felix:lb", "l4:frobnicate"),
            List.of(new String[] {"l4:tasks", "tasks"}, new String[] {"l4:frobnicate", "a new command"}));
        assertTrue(help.contains("look at the machine:\n  l4:tasks"), help);
        assertTrue(help.contains("l4:pingpong --rounds 1000000"), help);
        assertTrue(help.contains("  lb -s"), help);
        assertFalse(help.contains("l4:kip"), "not registered, not listed");
        assertFalse(help.contains("logs:"), "a group without registered commands is left out");
        assertTrue(help.contains("more l4 commands:\n  l4:frobnicate  a new command"), help);
    }

    @Test
    void everyEntryHasAnExampleThatUsesItsCommand() {
        for (HelpCommand.Group g : HelpCommand.GROUPS) {
            for (HelpCommand.Entry e : g.entries()) {
                String bare = e.command().split(" ")[0].replaceFirst("^felix:", "");
                assertTrue(e.example().startsWith(bare) || e.example().startsWith(e.command()), e.toString());
            }
        }
    }
}
