package l4.linuxserver.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The order of one round's effects: a thread answered in a round and interrupted in the same
 * round gets its answer before its signal thread is asked to move it, so that the move cannot
 * cancel the call the answer is for.
 */
class ReplyRoundTest {
    @Test
    void answersGoOutBeforeTheRoundsInterrupts() {
        List<String> sent = new ArrayList<>();
        ReplyRound<String> round = new ReplyRound<>();
        round.interrupt(List.of("B")); // B's signal found while another thread's call ran, B's answer already computed
        round.reply(() -> sent.add("answer A"));
        round.reply(() -> sent.add("answer B"));
        round.end(t -> sent.add("interrupt " + t));
        assertEquals(List.of("answer A", "answer B", "interrupt B"), sent);
    }

    @Test
    void eachThreadIsInterruptedOnceInFirstAskedOrder() {
        List<String> sent = new ArrayList<>();
        ReplyRound<String> round = new ReplyRound<>();
        round.interrupt(List.of("C", "B"));
        round.interrupt(List.of("B", "D", "C"));
        round.end(t -> sent.add("interrupt " + t));
        assertEquals(List.of("interrupt C", "interrupt B", "interrupt D"), sent);
    }

    @Test
    void aRoundIsEmptyAfterItEnds() {
        List<String> sent = new ArrayList<>();
        ReplyRound<String> round = new ReplyRound<>();
        round.reply(() -> sent.add("answer A"));
        round.interrupt(List.of("B"));
        round.end(t -> sent.add("interrupt " + t));
        round.end(t -> sent.add("again " + t));
        assertEquals(List.of("answer A", "interrupt B"), sent);
    }
}
