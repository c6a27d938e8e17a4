package l4.sigma0;

import l4.api.L4;

/**
 * σ0 exactly as {@link Sigma0#main} runs it, with its frame book kept where a test can count
 * it (the book is σ0's own state; here in the same package to stay package-private there).
 */
public final class BookedSigma0 {
    private final FrameBook book = new FrameBook();

    public void main(L4 l4) {
        Arch arch = Arch.of(l4.architecture(), l4.wordBytes());
        MemoryLayout layout = KipReader.read(l4.memory(), l4.wordBytes());
        Sigma0.serve(l4, new Sigma0Protocol(arch, layout, book));
    }

    /** Pages σ0 has given away (to any task, for good); read it while σ0 waits. */
    public int pagesGiven() {
        return book.size();
    }
}
