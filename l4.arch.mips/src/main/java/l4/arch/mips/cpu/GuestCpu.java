package l4.arch.mips.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * A MIPS64 release 2 CPU in user mode, little endian, as Debian's n64 binaries need it: an
 * interpreter that runs one {@link GuestState} in one {@link GuestMemory} until the next exception
 * or until a budget of instructions or cycles is spent, and reports the exception as data.
 *
 * <p>Speed without changing simulated time:
 * <ul>
 * <li>Instructions are decoded once per physical frame into a table of {@code long}s (word, opcode,
 *     static cycles); a store to such a frame drops its table.</li>
 * <li>Data translations the MMU gave are kept in a small direct-mapped host cache while the MMU's
 *     {@linkplain TlbCounters#generation generation} is unchanged; a hit there is exactly a TLB hit of
 *     the model, priced the same and added to the MMU's {@linkplain TlbCounters#hits count} in bulk.</li>
 * <li>Instruction fetches consult the MMU when execution enters a page or the TLB changed (the
 *     R4x00's instruction micro-TLB in front of the joint TLB); the fetch itself is part of the
 *     issue cycle.</li>
 * <li>A basic block whose first instruction is entered often enough is compiled to JVM bytecode
 *     ({@link BlockTranslator}); it belongs to the page's decoded table and dies with it, and it
 *     is entered only when all of it fits the remaining budgets.</li>
 * </ul>
 * {@link #setHostCaches(boolean) Without the host caches} every data access goes to the MMU,
 * every instruction is decoded again and nothing is translated: same registers, same cycles, same
 * MMU state.
 *
 * <p>Not thread-safe: one CPU per simulated machine, driven by whoever holds the simulated CPU.
 */
public final class GuestCpu {
    /** Why {@link #run} returned. */
    public enum Stop { EXCEPTION, BUDGET }

    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int PAGE_BITS = 12;
    static final int PAGE_MASK = (1 << PAGE_BITS) - 1;
    private static final int SLOTS = 1 << (PAGE_BITS - 2);
    static final int CACHE = 256;
    /** The most translated blocks kept at once; beyond, all are dropped and hot code is translated again. */
    static final int MAX_BLOCKS = 4096;
    /** The bits of a pc that must equal its fetch page's base: the page number and the two alignment bits. */
    private static final long FETCH_TAG_MASK = ~((long) PAGE_MASK) | 3;
    private static final long[] NO_CODE = new long[SLOTS];

    private final InstructionCosts costs;
    private final long[] opCycles = new long[Op.COUNT];
    private final int[] opLatency = new int[Op.COUNT];
    private final long loadUseStall;
    private final long nullifiedSlot;
    private final GuestTrap trap = new GuestTrap();
    private final Fpu fpu = new Fpu(trap);
    private final GuestMemory.Frame frame = new GuestMemory.Frame();
    private boolean hostCaches = true;

    /** The cycles of a TLB hit, which every memory the CPU runs in must price alike. */
    private final long hitCycles;
    private long fastHits;
    /**
     * The translation caches: one per memory (address space), kept while the CPU runs other spaces
     * and valid while the MMU's generation is the one it was filled under, so that a switch between
     * spaces does not flush them.
     */
    private final java.util.WeakHashMap<GuestMemory, Translations> spaces = new java.util.WeakHashMap<>();
    /**
     * The bound memory and its translations at {@link #current}, the memory bound before it at the
     * other index: a ping-pong between two spaces flips the index, without the map and without
     * storing a reference (each reference stored into a long-lived object pays the collector's
     * card-marking barrier).
     */
    private final GuestMemory[] slotMemory = new GuestMemory[2];
    private final Translations[] slots = {new Translations(new TlbCounters()), new Translations(new TlbCounters())};
    private int current;

    private Translations bound() {
        return slots[current];
    }

    private static final class Translations {
        final long[] readTag = new long[CACHE];
        final byte[][] readFrame = new byte[CACHE][];
        final long[] writeTag = new long[CACHE];
        final byte[][] writeFrame = new byte[CACHE][];
        /** The memory's counters, which {@link #generation} is compared with. */
        final TlbCounters counters;
        /** What the space's translated blocks read: these translations. */
        final BlockContext context = new BlockContext(readTag, readFrame, writeTag, writeFrame);
        /** The MMU's generation these translations were filled under. */
        long generation;
        /**
         * The page execution last entered in this space, its frame and decoded table: a run that
         * starts there (after a system call, in the other thread of a ping-pong) finds its fetch
         * translation without a TLB probe. Valid under {@link #codeEpoch} and this generation.
         */
        long fetchVpn = -1;
        byte[] fetchBytes;
        long[] fetchCode;
        /** The blocks translated from {@link #fetchCode}, found without the lookup by table; null when not translating. */
        PageBlocks fetchBlocks;
        long fetchEpoch;

        Translations(TlbCounters counters) {
            this.counters = counters;
            flush();
            generation = counters.generation;
        }

        /** Empties the caches if the MMU's generation moved since they were filled; true if it did. */
        boolean revalidate() {
            long g = counters.generation;
            if (generation == g) return false;
            flush();
            generation = g;
            return true;
        }

        void flush() {
            fetchVpn = -1;
            fetchBytes = null;
            fetchCode = null;
            fetchBlocks = null;
            Arrays.fill(readTag, -1);
            Arrays.fill(writeTag, -1);
            Arrays.fill(readFrame, null);
            Arrays.fill(writeFrame, null);
        }

        void flushWrites() {
            Arrays.fill(writeTag, -1);
            Arrays.fill(writeFrame, null);
        }

        void drop(byte[] frame) {
            if (fetchBytes == frame) {
                fetchVpn = -1;
                fetchBytes = null;
                fetchCode = null;
                fetchBlocks = null;
            }
            for (int i = 0; i < CACHE; i++) {
                if (readFrame[i] == frame) {
                    readFrame[i] = null;
                    readTag[i] = -1;
                }
                if (writeFrame[i] == frame) {
                    writeFrame[i] = null;
                    writeTag[i] = -1;
                }
            }
        }
    }
    private final IdentityHashMap<byte[], long[]> codePages = new IdentityHashMap<>();
    /** The translated blocks of a decoded table, which die with it, and how often each slot began a block. */
    private final IdentityHashMap<long[], PageBlocks> blockPages = new IdentityHashMap<>();
    private int translatedBlocks;
    private boolean translating = true;
    private int translationThreshold = 1000;

    private static final class PageBlocks {
        final TranslatedBlock[] blocks = new TranslatedBlock[SLOTS];
        /** Entries of each slot from the interpreter; {@link Integer#MIN_VALUE} once no block can begin there. */
        final int[] heat = new int[SLOTS];
        int count;

        void clear() {
            Arrays.fill(blocks, null);
            Arrays.fill(heat, 0);
            count = 0;
        }
    }
    /** Counts every removal from {@link #codePages}: a remembered fetch page of another epoch is stale. */
    private long codeEpoch;

    /** A slow path ran: fold {@link #slowCycles} in and, if {@link #refetch}, translate the fetch page again. */
    private boolean slow;
    private long slowCycles;
    private boolean refetch;
    /** The fetch of the current instruction is under way: an exception now is the fetch's, no instruction started. */
    private boolean fetching;
    private long hiloReady;

    /**
     * With {@link #keepFetchOverInstructionStops}: the instruction micro-TLB kept over a stop on
     * the instruction budget, so that the next run of the same state in the same memory, under
     * the same TLB generation, fetches on without a new translation. Null after any other stop.
     */
    private boolean keepFetch;
    private GuestState carried;
    private GuestMemory carriedMemory;
    private long carriedGeneration;
    private long carriedVpn;
    private byte[] carriedBytes;
    private long[] carriedCode;

    private long timeBase;
    private long lastInstructions;
    private long lastCycles;
    private long totalInstructions;

    public GuestCpu(InstructionCosts costs) {
        this.costs = costs;
        this.hitCycles = costs.memoryAccess();
        for (int op = 1; op < Op.COUNT; op++) {
            InstructionClass c = Op.costClass(op);
            long cycles = costs.cycles(c);
            if (c == InstructionClass.LOAD || c == InstructionClass.STORE || c == InstructionClass.FP_LOAD) {
                cycles += costs.memoryAccess();
            }
            opCycles[op] = cycles;
            opLatency[op] = costs.latency(c);
        }
        loadUseStall = costs.cycles(InstructionClass.LOAD_USE_STALL);
        nullifiedSlot = costs.cycles(InstructionClass.NULLIFIED_SLOT);
    }

    public InstructionCosts costs() {
        return costs;
    }

    /**
     * Stops on the instruction budget are no events of the simulated machine (the kernel
     * debugger's instruction step): a run that continues the state it stopped fetches on as if it
     * had not stopped, so that stepping changes neither cycles nor the TLB's Random register and
     * counters. Off by default: a caller whose instruction budget is a time slice (a preemption)
     * gets the fetch translated again at the start of every run.
     */
    public void keepFetchOverInstructionStops(boolean on) {
        keepFetch = on;
        carried = null;
    }

    /** Turns the decoded-instruction and translation caches on or off; simulated results do not change. */
    public void setHostCaches(boolean on) {
        hostCaches = on;
        carried = null;
        flushTranslations();
        for (Translations t : spaces.values()) t.flush();
        forgetCode();
    }

    /**
     * Turns the translation of hot basic blocks to JVM bytecode on or off (on by default; only
     * with the host caches on); simulated results do not change.
     */
    public void setTranslation(boolean on) {
        translating = on;
        forgetCode();
    }

    /** How many times the interpreter enters a block's first instruction before it is translated (at least 1). */
    public void setTranslationThreshold(int entries) {
        if (entries < 1) throw new IllegalArgumentException("threshold " + entries + " < 1");
        translationThreshold = entries;
        forgetCode();
    }

    /** Translated blocks alive now. */
    public int translatedBlocks() {
        return translatedBlocks;
    }

    public boolean hostCaches() {
        return hostCaches;
    }

    /**
     * The machine's cycle count at the start of the next {@link #run}: the Count register that
     * {@code rdhwr $2} reads runs at half of it, as on the R4x00.
     */
    public void setTimeBase(long cycles) {
        timeBase = cycles;
    }

    /** Instructions completed by the last {@link #run}. */
    public long lastInstructions() {
        return lastInstructions;
    }

    /** Simulated cycles of the last {@link #run}, TLB refills included. */
    public long lastCycles() {
        return lastCycles;
    }

    public long totalInstructions() {
        return totalInstructions;
    }

    /**
     * Tells the CPU that something other than its own stores (a loader, a kernel copy, DMA) wrote
     * into {@code frame}: instructions decoded from it are dropped.
     */
    public void frameWritten(byte[] frame) {
        carried = null;
        dropCode(frame);
    }

    /**
     * {@code frame} is no longer RAM the MMU translates to (released by physical memory): its
     * decoded instructions and every host translation to it are dropped.
     */
    public void frameDropped(byte[] frame) {
        carried = null;
        dropCode(frame);
        Translations b = bound();
        b.drop(frame);
        for (Translations t : spaces.values()) if (t != b) t.drop(frame);
    }

    /** Drops every decoded instruction, for a caller that cannot say which frames it wrote. */
    public void forgetDecodedCode() {
        carried = null;
        forgetCode();
    }

    private void forgetCode() {
        codePages.clear();
        blockPages.clear();
        translatedBlocks = 0;
        codeEpoch++;
    }

    /** Drops the decoded table of {@code frame} and the blocks translated from it; whether there was one. */
    private boolean dropCode(byte[] frame) {
        long[] table = codePages.remove(frame);
        if (table == null) return false;
        codeEpoch++;
        PageBlocks p = blockPages.remove(table);
        if (p != null) translatedBlocks -= p.count;
        return true;
    }

    private PageBlocks pageBlocks(long[] code) {
        PageBlocks p = blockPages.get(code);
        if (p == null) {
            p = new PageBlocks();
            blockPages.put(code, p);
        }
        return p;
    }

    /** Translates the block at slot {@code idx} of the page; null if none can begin there. */
    private TranslatedBlock translateBlock(PageBlocks p, long[] code, byte[] bytes, int idx, long pc) {
        int m = Math.min(SLOTS - idx, BlockTranslator.MAX_LENGTH + 1);
        long[] entries = new long[m];
        for (int k = 0; k < m; k++) {
            long e = code[idx + k];
            if (e == 0) {
                e = decodeAt(bytes, (idx + k) << 2);
                code[idx + k] = e;
            }
            entries[k] = e;
        }
        TranslatedBlock b = BlockTranslator.translate(pc, entries, m, opLatency);
        if (b == null) return null;
        int len = b.length;
        if (len < m && (int) (entries[len] >>> 32 & 0x3FF) == Op.SYSCALL
                && !(len >= 2 && BlockTranslator.branch((int) (entries[len - 2] >>> 32 & 0x3FF)))) {
            // falls through into a syscall: the run leaves from the block, without a turn of the interpreter
            b.syscallNext = true;
            b.syscallCycles = entries[len] >>> 42;
        }
        if (translatedBlocks >= MAX_BLOCKS) {
            for (PageBlocks q : blockPages.values()) q.clear();
            translatedBlocks = 0;
        }
        p.blocks[idx] = b;
        p.count++;
        translatedBlocks++;
        return b;
    }

    private void flushTranslations() {
        bound().flush();
    }

    /**
     * Makes {@code m} the memory of the next run. A space seen before gets its translations back
     * (flushed if the MMU's generation moved since); its price of a TLB hit, fixed per memory,
     * was checked against the CPU's when the space was first bound.
     */
    private void bind(GuestMemory m) {
        int c = current;
        GuestMemory[] ms = slotMemory;
        if (m == ms[c]) {
            slots[c].revalidate();
            return;
        }
        int o = c ^ 1;
        if (m != ms[o]) {
            Translations t = spaces.get(m);
            if (t == null) {
                if (m.hitCycles() != hitCycles) {
                    throw new IllegalArgumentException("memory prices a TLB hit " + m.hitCycles() + " cycles, the CPU "
                            + hitCycles);
                }
                t = new Translations(m.counters());
                spaces.put(m, t);
            }
            ms[o] = m;
            slots[o] = t;
        }
        slots[o].revalidate();
        current = o;
    }

    /** Counts the accesses that hit the host caches as the MMU's TLB hits. */
    private void settle() {
        bound().counters.hits += fastHits;
        fastHits = 0;
    }

    private void afterTranslate() {
        if (bound().revalidate()) {
            refetch = true;
            slow = true;
        }
    }

    /**
     * Runs {@code state} in {@code memory} until an exception ({@link Stop#EXCEPTION}, described by
     * {@link GuestState#lastException()}, with {@code pc} at the EPC) or until at least
     * {@code maxInstructions} instructions or {@code maxCycles} cycles are done
     * ({@link Stop#BUDGET}); it stops only between instructions.
     */
    public Stop run(GuestState s, GuestMemory mem, long maxInstructions, long maxCycles) {
        bind(mem);
        final long[] r = s.gpr;
        long pc = s.pc;
        long npc = s.npc;
        boolean nextBd = s.delaySlot;
        boolean bd = false;
        long cur = pc;
        long cyc = 0;
        long n = 0;
        slow = false;
        slowCycles = 0;
        refetch = false;
        hiloReady = s.hiloPending;
        long fetchTag = -1; // the page's base address: a pc outside it, or misaligned, differs in the masked compare
        long[] code = NO_CODE;
        byte[] fetchBytes = null;
        final boolean caching = hostCaches;
        final boolean translate = caching && translating;
        final Translations bt = bound(); // changes only in bind
        final BlockContext x = bt.context;
        boolean blockHead = true; // the instruction after a delay slot, or the first of the run: a block may begin here
        long[] blockCode = null;
        PageBlocks blocks = null;
        if (carried == s && carriedMemory == mem && carriedGeneration == bt.counters.generation) {
            fetchTag = carriedVpn << PAGE_BITS;
            fetchBytes = carriedBytes;
            code = carriedCode;
        }
        carried = null;
        Stop stop = Stop.BUDGET;
        fetching = false;
        s.exceptionCode = -1;
        int raised = -1; // the exception it stopped at; syscall and break leave the loop without a throw
        long badVaddr = 0;
        int coprocessor = 0;
        try {
            loop:
            while (true) {
                if (n >= maxInstructions || cyc >= maxCycles) break;
                cur = pc;
                bd = nextBd;
                nextBd = false;
                if ((cur & FETCH_TAG_MASK) != fetchTag) { // a misaligned pc faults in fetchPage
                    Translations t = bt;
                    if (caching && t.fetchVpn == cur >>> PAGE_BITS && t.fetchEpoch == codeEpoch && (cur & 3) == 0) {
                        // the page this space last executed in, under the same TLB: a TLB hit of the model
                        fastHits++;
                        fetchBytes = t.fetchBytes;
                        code = t.fetchCode;
                        if (t.fetchBlocks != null) {
                            blocks = t.fetchBlocks;
                            blockCode = code;
                        }
                    } else {
                        fetching = true;
                        fetchBytes = fetchPage(cur);
                        fetching = false;
                        cyc += frame.cycles;
                        code = caching ? codePage(fetchBytes) : NO_CODE;
                        if (caching) {
                            t = bt;
                            t.fetchVpn = cur >>> PAGE_BITS;
                            t.fetchBytes = fetchBytes;
                            t.fetchCode = code;
                            t.fetchBlocks = translate ? pageBlocks(code) : null;
                            t.fetchEpoch = codeEpoch;
                        }
                    }
                    fetchTag = cur & ~(long) PAGE_MASK;
                }
                int idx = ((int) cur >>> 2) & (SLOTS - 1);
                if (blockHead & translate) {
                    if (code != blockCode) {
                        blocks = pageBlocks(code);
                        blockCode = code;
                    }
                    TranslatedBlock b = blocks.blocks[idx];
                    if (b == null && ++blocks.heat[idx] >= translationThreshold) {
                        blocks.heat[idx] = Integer.MIN_VALUE;
                        b = translateBlock(blocks, code, fetchBytes, idx, cur);
                    }
                    // entered only if all of it fits the budgets, so that a budget stop lands where the interpreter's would
                    long pending = hiloWait(cyc);
                    if (b != null && !bd && npc == cur + 4 && n + b.length <= maxInstructions
                            && cyc + b.cycles + pending < maxCycles) {
                        x.instructionsLeft = maxInstructions - n;
                        x.cyclesLeft = maxCycles - cyc;
                        x.hiloPending = pending;
                        b.run(r, s, x);
                        if (b.hilo) hiloReady = cyc + x.hiloReady;
                        n += x.instructions;
                        cyc += x.cycles;
                        fastHits += x.hits;
                        pc = x.pc;
                        npc = x.npc;
                        nextBd = x.delaySlot;
                        blockHead = x.branched;
                        if (b.syscallNext && pc == cur + 4L * b.length && n < maxInstructions && cyc < maxCycles) {
                            // the syscall after the block, as the interpreter's case below would take it
                            cur = pc;
                            bd = false;
                            n++;
                            cyc += b.syscallCycles;
                            raised = GuestException.SYS;
                            break loop;
                        }
                        continue;
                    }
                }
                blockHead = bd;
                long e = code[idx];
                if (e == 0) {
                    e = decodeAt(fetchBytes, idx << 2);
                    if (caching) code[idx] = e;
                }
                final int w = (int) e;
                n++; // counted as done: an exception while executing it takes it back
                pc = npc;
                npc += 4;
                cyc += e >>> 42;
                r[0] = 0;
                final int rs = (w >>> 21) & 31;
                final int rt = (w >>> 16) & 31;
                final int rd = (w >>> 11) & 31;
                switch ((int) (e >>> 32) & 0x3FF) {
                    case Op.SLL: r[rd] = (long) ((int) r[rt] << ((w >>> 6) & 31)); continue;
                    case Op.SRL: r[rd] = (long) ((int) r[rt] >>> ((w >>> 6) & 31)); continue;
                    case Op.SRA: r[rd] = r[rt] >> ((w >>> 6) & 31); continue; // like srav
                    case Op.ROTR: r[rd] = (long) Integer.rotateRight((int) r[rt], (w >>> 6) & 31); continue;
                    case Op.SLLV: r[rd] = (long) ((int) r[rt] << (r[rs] & 31)); continue;
                    case Op.SRLV: r[rd] = (long) ((int) r[rt] >>> (r[rs] & 31)); continue;
                    case Op.SRAV: r[rd] = r[rt] >> (r[rs] & 31); continue; // = sra of the word for a sign-extended word; as qemu otherwise
                    case Op.ROTRV: r[rd] = (long) Integer.rotateRight((int) r[rt], (int) r[rs] & 31); continue;
                    case Op.DSLL: r[rd] = r[rt] << ((w >>> 6) & 31); continue;
                    case Op.DSRL: r[rd] = r[rt] >>> ((w >>> 6) & 31); continue;
                    case Op.DSRA: r[rd] = r[rt] >> ((w >>> 6) & 31); continue;
                    case Op.DROTR: r[rd] = Long.rotateRight(r[rt], (w >>> 6) & 31); continue;
                    case Op.DSLL32: r[rd] = r[rt] << (32 + ((w >>> 6) & 31)); continue;
                    case Op.DSRL32: r[rd] = r[rt] >>> (32 + ((w >>> 6) & 31)); continue;
                    case Op.DSRA32: r[rd] = r[rt] >> (32 + ((w >>> 6) & 31)); continue;
                    case Op.DROTR32: r[rd] = Long.rotateRight(r[rt], 32 + ((w >>> 6) & 31)); continue;
                    case Op.DSLLV: r[rd] = r[rt] << r[rs]; continue;
                    case Op.DSRLV: r[rd] = r[rt] >>> r[rs]; continue;
                    case Op.DSRAV: r[rd] = r[rt] >> r[rs]; continue;
                    case Op.DROTRV: r[rd] = Long.rotateRight(r[rt], (int) r[rs]); continue;
                    case Op.MOVZ: if (r[rt] == 0) r[rd] = r[rs]; continue;
                    case Op.MOVN: if (r[rt] != 0) r[rd] = r[rs]; continue;
                    case Op.ADDU: r[rd] = (long) ((int) r[rs] + (int) r[rt]); continue;
                    case Op.SUBU: r[rd] = (long) ((int) r[rs] - (int) r[rt]); continue;
                    case Op.DADDU: r[rd] = r[rs] + r[rt]; continue;
                    case Op.DSUBU: r[rd] = r[rs] - r[rt]; continue;
                    case Op.AND: r[rd] = r[rs] & r[rt]; continue;
                    case Op.OR: r[rd] = r[rs] | r[rt]; continue;
                    case Op.XOR: r[rd] = r[rs] ^ r[rt]; continue;
                    case Op.NOR: r[rd] = ~(r[rs] | r[rt]); continue;
                    case Op.SLT: r[rd] = r[rs] < r[rt] ? 1 : 0; continue;
                    case Op.SLTU: r[rd] = Long.compareUnsigned(r[rs], r[rt]) < 0 ? 1 : 0; continue;
                    case Op.ADDIU: r[rt] = (long) ((int) r[rs] + (short) w); continue;
                    case Op.DADDIU: r[rt] = r[rs] + (short) w; continue;
                    case Op.SLTI: r[rt] = r[rs] < (short) w ? 1 : 0; continue;
                    case Op.SLTIU: r[rt] = Long.compareUnsigned(r[rs], (short) w) < 0 ? 1 : 0; continue;
                    case Op.ANDI: r[rt] = r[rs] & (w & 0xFFFF); continue;
                    case Op.ORI: r[rt] = r[rs] | (w & 0xFFFF); continue;
                    case Op.XORI: r[rt] = r[rs] ^ (w & 0xFFFF); continue;
                    case Op.LUI: r[rt] = (long) (w << 16); continue;
                    case Op.JR: {
                        long t = r[rs];
                        npc = t;
                        nextBd = true;
                        continue;
                    }
                    case Op.JALR: {
                        long t = r[rs];
                        r[rd] = pc + 4;
                        npc = t;
                        nextBd = true;
                        continue;
                    }
                    case Op.J: npc = (pc & 0xFFFFFFFFF0000000L) | ((long) (w & 0x03FFFFFF) << 2); nextBd = true; continue;
                    case Op.JAL: r[31] = pc + 4; npc = (pc & 0xFFFFFFFFF0000000L) | ((long) (w & 0x03FFFFFF) << 2); nextBd = true; continue;
                    case Op.BEQ: nextBd = true; if (r[rs] == r[rt]) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BNE: nextBd = true; if (r[rs] != r[rt]) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BLEZ: nextBd = true; if (r[rs] <= 0) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BGTZ: nextBd = true; if (r[rs] > 0) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BLTZ: nextBd = true; if (r[rs] < 0) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BGEZ: nextBd = true; if (r[rs] >= 0) npc = pc + ((long) (short) w << 2); continue;
                    case Op.BLTZAL: { boolean t = r[rs] < 0; r[31] = pc + 4; nextBd = true; if (t) npc = pc + ((long) (short) w << 2); continue; }
                    case Op.BGEZAL: { boolean t = r[rs] >= 0; r[31] = pc + 4; nextBd = true; if (t) npc = pc + ((long) (short) w << 2); continue; }
                    case Op.BEQL: case Op.BNEL: case Op.BLEZL: case Op.BGTZL: case Op.BLTZL: case Op.BGEZL:
                    case Op.BLTZALL: case Op.BGEZALL: case Op.BC1FL: case Op.BC1TL: {
                        if (likelyTaken((int) (e >>> 32) & 0x3FF, w, s, pc + 4)) {
                            nextBd = true;
                            npc = pc + ((long) (short) w << 2);
                        } else {
                            pc = npc;
                            npc = pc + 4;
                            cyc += nullifiedSlot;
                        }
                        continue;
                    }
                    case Op.BC1F: case Op.BC1T: {
                        if (!s.fpuEnabled) throw trap.unusable(1);
                        boolean t = Fpu.condition(s.fcsr, (w >>> 18) & 7) == (((w >>> 16) & 1) != 0);
                        nextBd = true;
                        if (t) npc = pc + ((long) (short) w << 2);
                        continue;
                    }
                    case Op.LW: {
                        long va = r[rs] + (short) w;
                        if ((va & 3) != 0) throw trap.raise(GuestException.ADEL, va);
                        r[rt] = BlockOps.lw(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LWU: {
                        long va = r[rs] + (short) w;
                        if ((va & 3) != 0) throw trap.raise(GuestException.ADEL, va);
                        r[rt] = BlockOps.lwu(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LD: {
                        long va = r[rs] + (short) w;
                        if ((va & 7) != 0) throw trap.raise(GuestException.ADEL, va);
                        r[rt] = BlockOps.ld(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LB: {
                        long va = r[rs] + (short) w;
                        r[rt] = BlockOps.lb(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LBU: {
                        long va = r[rs] + (short) w;
                        r[rt] = BlockOps.lbu(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LH: {
                        long va = r[rs] + (short) w;
                        if ((va & 1) != 0) throw trap.raise(GuestException.ADEL, va);
                        r[rt] = BlockOps.lh(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.LHU: {
                        long va = r[rs] + (short) w;
                        if ((va & 1) != 0) throw trap.raise(GuestException.ADEL, va);
                        r[rt] = BlockOps.lhu(readable(va), (int) va & PAGE_MASK);
                        break;
                    }
                    case Op.SW: {
                        long va = r[rs] + (short) w;
                        if ((va & 3) != 0) throw trap.raise(GuestException.ADES, va);
                        BlockOps.sw(writable(va), (int) va & PAGE_MASK, r[rt]);
                        break;
                    }
                    case Op.SD: {
                        long va = r[rs] + (short) w;
                        if ((va & 7) != 0) throw trap.raise(GuestException.ADES, va);
                        BlockOps.sd(writable(va), (int) va & PAGE_MASK, r[rt]);
                        break;
                    }
                    case Op.SB: {
                        long va = r[rs] + (short) w;
                        BlockOps.sb(writable(va), (int) va & PAGE_MASK, r[rt]);
                        break;
                    }
                    case Op.SH: {
                        long va = r[rs] + (short) w;
                        if ((va & 1) != 0) throw trap.raise(GuestException.ADES, va);
                        BlockOps.sh(writable(va), (int) va & PAGE_MASK, r[rt]);
                        break;
                    }
                    case Op.MFHI: cyc += hiloWait(cyc); r[rd] = s.hi; continue;
                    case Op.MFLO: cyc += hiloWait(cyc); r[rd] = s.lo; continue;
                    case Op.MTHI: cyc += hiloWait(cyc); s.hi = r[rs]; continue;
                    case Op.MTLO: cyc += hiloWait(cyc); s.lo = r[rs]; continue;
                    // the multiplications compilers emit in loops, inline (the same results as multiplyDivide)
                    case Op.MULT: {
                        cyc += hiloWait(cyc);
                        long p = (long) (int) r[rs] * (long) (int) r[rt];
                        s.lo = (long) (int) p;
                        s.hi = (long) (int) (p >>> 32);
                        hiloReady = cyc + opLatency[Op.MULT];
                        continue;
                    }
                    case Op.DMULT: {
                        cyc += hiloWait(cyc);
                        long a = r[rs], b = r[rt];
                        s.lo = a * b;
                        s.hi = Math.multiplyHigh(a, b);
                        hiloReady = cyc + opLatency[Op.DMULT];
                        continue;
                    }
                    case Op.DMULTU: {
                        cyc += hiloWait(cyc);
                        long a = r[rs], b = r[rt];
                        s.lo = a * b;
                        s.hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
                        hiloReady = cyc + opLatency[Op.DMULTU];
                        continue;
                    }
                    case Op.MULTU: case Op.DIV: case Op.DIVU:
                    case Op.DDIV: case Op.DDIVU: case Op.MADD: case Op.MADDU: case Op.MSUB: case Op.MSUBU: {
                        int op = (int) (e >>> 32) & 0x3FF;
                        cyc += hiloWait(cyc);
                        multiplyDivide(s, op, r[rs], r[rt]);
                        hiloReady = cyc + opLatency[op];
                        continue;
                    }
                    case Op.MUL: r[rd] = (long) ((int) r[rs] * (int) r[rt]); continue;
                    // no host caches to flush: stores already drop decoded code, so synci has nothing to do
                    case Op.SYNC: case Op.PREF: case Op.SYNCI: continue;
                    case Op.RESERVED: throw trap.raise(GuestException.RI, 0);
                    // the system-call door: leave the loop directly, a throw through the frames costs far more
                    case Op.SYSCALL: raised = GuestException.SYS; break loop;
                    case Op.BREAK: raised = GuestException.BP; break loop;
                    default: {
                        other((int) (e >>> 32) & 0x3FF, w, s, cyc + slowCycles);
                        break;
                    }
                }
                // only loads, stores and the rarer instructions get here: they may have taken a slow path
                if (slow) {
                    slow = false;
                    cyc += slowCycles;
                    slowCycles = 0;
                    if (refetch) {
                        refetch = false;
                        fetchTag = -1;
                    }
                }
            }
            stop = Stop.BUDGET;
        } catch (GuestTrap t) {
            raised = t.code;
            badVaddr = t.badVaddr;
            coprocessor = t.coprocessor;
        }
        if (raised >= 0) {
            if (!fetching) n--;
            long epc = bd ? cur - 4 : cur;
            s.exceptionCode = raised;
            s.exceptionEpc = epc;
            s.exceptionBadVaddr = badVaddr;
            s.exceptionBd = bd;
            s.exceptionCoprocessor = coprocessor;
            pc = epc;
            npc = epc + 4;
            nextBd = false;
            s.llBit = false;
            stop = Stop.EXCEPTION;
        }
        cyc += slowCycles;
        slowCycles = 0;
        slow = false;
        settle();
        r[0] = 0;
        s.pc = pc;
        s.npc = npc;
        s.delaySlot = nextBd;
        s.hiloPending = Math.max(0, hiloReady - cyc);
        if (keepFetch && stop == Stop.BUDGET && n >= maxInstructions && cyc < maxCycles && fetchTag != -1) {
            carried = s;
            carriedMemory = mem;
            carriedGeneration = bt.counters.generation;
            carriedVpn = fetchTag >>> PAGE_BITS;
            carriedBytes = fetchBytes;
            carriedCode = code;
        }
        lastInstructions = n;
        lastCycles = cyc;
        totalInstructions += n;
        return stop;
    }

    private long hiloWait(long now) {
        long t = hiloReady;
        return t > now ? t - now : 0;
    }

    private boolean likelyTaken(int op, int w, GuestState s, long link) {
        long[] r = s.gpr;
        long v = r[(w >>> 21) & 31];
        switch (op) {
            case Op.BEQL: return v == r[(w >>> 16) & 31];
            case Op.BNEL: return v != r[(w >>> 16) & 31];
            case Op.BLEZL: return v <= 0;
            case Op.BGTZL: return v > 0;
            case Op.BLTZL: return v < 0;
            case Op.BGEZL: return v >= 0;
            case Op.BLTZALL: r[31] = link; return v < 0;
            case Op.BGEZALL: r[31] = link; return v >= 0;
            case Op.BC1FL: case Op.BC1TL:
                if (!s.fpuEnabled) throw trap.unusable(1);
                return Fpu.condition(s.fcsr, (w >>> 18) & 7) == (((w >>> 16) & 1) != 0);
            default: throw new IllegalStateException(Op.name(op));
        }
    }

    // ---------------------------------------------------------------- fetch and decode

    private byte[] fetchPage(long pc) {
        if ((pc & 3) != 0) throw trap.raise(GuestException.ADEL, pc);
        settle();
        int outcome = slotMemory[current].translate(pc, false, true, frame);
        afterTranslate();
        refetch = false;
        switch (outcome) {
            case GuestMemory.OK: return frame.bytes;
            case GuestMemory.ADDRESS_ERROR: throw trap.raise(GuestException.ADEL, pc);
            case GuestMemory.BUS_ERROR: throw trap.raise(GuestException.IBE, pc);
            default: throw trap.raise(GuestException.TLBL, pc);
        }
    }

    private long[] codePage(byte[] bytes) {
        long[] code = codePages.get(bytes);
        if (code == null) {
            code = new long[SLOTS];
            codePages.put(bytes, code);
            // stores to this frame, from any space, must now go through the slow path that drops the table
            Translations b = bound();
            b.flushWrites();
            for (Translations t : spaces.values()) if (t != b) t.flushWrites();
        }
        return code;
    }

    /** The decoded form of the word at {@code offset}: word, opcode, static cycles incl. a load-use stall. */
    private long decodeAt(byte[] bytes, int offset) {
        int w = (int) I32.get(bytes, offset);
        int op = Decoder.decode(w);
        long cycles = opCycles[op];
        if (Op.costClass(op) == InstructionClass.LOAD && offset + 4 < (1 << PAGE_BITS)) {
            int rt = (w >>> 16) & 31;
            boolean inDelaySlot = offset >= 4 && isBranch(Decoder.decode((int) I32.get(bytes, offset - 4)));
            if (rt != 0 && !inDelaySlot && readsGpr((int) I32.get(bytes, offset + 4), rt)) cycles += loadUseStall;
        }
        return (w & 0xFFFFFFFFL) | ((long) op << 32) | (cycles << 42);
    }

    static boolean isBranch(int op) {
        InstructionClass c = Op.costClass(op);
        return c == InstructionClass.BRANCH || c == InstructionClass.JUMP;
    }

    /** Whether the instruction {@code w} reads general register {@code reg}. */
    static boolean readsGpr(int w, int reg) {
        int op = Decoder.decode(w);
        int rs = (w >>> 21) & 31, rt = (w >>> 16) & 31;
        int opcode = w >>> 26;
        switch (op) {
            case Op.J: case Op.JAL: case Op.LUI: case Op.MFHI: case Op.MFLO: case Op.SYSCALL: case Op.BREAK:
            case Op.SYNC: case Op.RESERVED: case Op.MFC1: case Op.DMFC1: case Op.CFC1: case Op.MFHC1: case Op.RDHWR:
            case Op.BC1F: case Op.BC1T: case Op.BC1FL: case Op.BC1TL:
                return false;
            case Op.MTC1: case Op.DMTC1: case Op.CTC1: case Op.MTHC1:
                return rt == reg;
            case Op.SLL: case Op.SRL: case Op.SRA: case Op.ROTR: case Op.DSLL: case Op.DSRL: case Op.DSRA:
            case Op.DROTR: case Op.DSLL32: case Op.DSRL32: case Op.DSRA32: case Op.DROTR32: case Op.WSBH: case Op.SEB:
            case Op.SEH: case Op.DSBH: case Op.DSHD:
                return rt == reg;
            default:
                break;
        }
        if (rs == reg) return true;
        if (opcode == 0 || opcode == 28) return rt == reg; // R-type: rt is a source
        if (opcode == 31) return (op == Op.INS || op == Op.DINS || op == Op.DINSM || op == Op.DINSU) && rt == reg;
        InstructionClass c = Op.costClass(op);
        if (c == InstructionClass.STORE) return rt == reg && op != Op.SWC1 && op != Op.SDC1 && op != Op.SWXC1
                && op != Op.SDXC1 && op != Op.SUXC1;
        if (op == Op.BEQ || op == Op.BNE || op == Op.BEQL || op == Op.BNEL) return rt == reg;
        if (op == Op.LWL || op == Op.LWR || op == Op.LDL || op == Op.LDR) return rt == reg;
        return false;
    }

    // ---------------------------------------------------------------- data access

    /** The frame for a load at {@code va} (alignment already checked). */
    private byte[] readable(long va) {
        long vpn = va >>> PAGE_BITS;
        int i = (int) vpn & (CACHE - 1);
        Translations t = slots[current];
        if (t.readTag[i] == vpn) {
            fastHits++;
            return t.readFrame[i];
        }
        return readMiss(va, vpn, i);
    }

    private byte[] writable(long va) {
        long vpn = va >>> PAGE_BITS;
        int i = (int) vpn & (CACHE - 1);
        Translations t = slots[current];
        if (t.writeTag[i] == vpn) {
            fastHits++;
            return t.writeFrame[i];
        }
        return writeMiss(va, vpn, i);
    }

    private byte[] readMiss(long va, long vpn, int i) {
        settle();
        int outcome = slotMemory[current].translate(va, false, false, frame);
        slow = true;
        slowCycles += frame.cycles - hitCycles;
        afterTranslate();
        switch (outcome) {
            case GuestMemory.OK:
                if (hostCaches) {
                    Translations t = bound();
                    t.readTag[i] = vpn;
                    t.readFrame[i] = frame.bytes;
                }
                return frame.bytes;
            case GuestMemory.ADDRESS_ERROR: throw trap.raise(GuestException.ADEL, va);
            case GuestMemory.BUS_ERROR: throw trap.raise(GuestException.DBE, va);
            default: throw trap.raise(GuestException.TLBL, va);
        }
    }

    private byte[] writeMiss(long va, long vpn, int i) {
        settle();
        int outcome = slotMemory[current].translate(va, true, false, frame);
        slow = true;
        slowCycles += frame.cycles - hitCycles;
        afterTranslate();
        switch (outcome) {
            case GuestMemory.OK: {
                byte[] b = frame.bytes;
                if (dropCode(b)) {
                    refetch = true; // the current instruction table may be this one
                } else if (hostCaches) {
                    Translations t = bound();
                    t.writeTag[i] = vpn;
                    t.writeFrame[i] = b;
                }
                return b;
            }
            case GuestMemory.ADDRESS_ERROR: throw trap.raise(GuestException.ADES, va);
            case GuestMemory.BUS_ERROR: throw trap.raise(GuestException.DBE, va);
            case GuestMemory.WRITE_PROTECTED: throw trap.raise(GuestException.MOD, va);
            default: throw trap.raise(GuestException.TLBS, va);
        }
    }

    // ---------------------------------------------------------------- multiply and divide

    static void multiplyDivide(GuestState s, int op, long a, long b) {
        switch (op) {
            case Op.MULT: {
                long p = (long) (int) a * (long) (int) b;
                s.lo = (long) (int) p;
                s.hi = (long) (int) (p >>> 32);
                return;
            }
            case Op.MULTU: {
                long p = (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
                s.lo = (long) (int) p;
                s.hi = (long) (int) (p >>> 32);
                return;
            }
            case Op.DIV: {
                int x = (int) a, y = (int) b;
                if (y == 0 || x == Integer.MIN_VALUE && y == -1) y = 1; // undefined on MIPS; as qemu
                s.lo = (long) (x / y);
                s.hi = (long) (x % y);
                return;
            }
            case Op.DIVU: {
                long x = a & 0xFFFFFFFFL, y = b & 0xFFFFFFFFL;
                if (y == 0) y = 1;
                s.lo = (long) (int) (x / y);
                s.hi = (long) (int) (x % y);
                return;
            }
            case Op.DMULT:
                s.lo = a * b;
                s.hi = Math.multiplyHigh(a, b);
                return;
            case Op.DMULTU:
                s.lo = a * b;
                s.hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
                return;
            case Op.DDIV: {
                long y = b;
                if (y == 0 || a == Long.MIN_VALUE && y == -1) y = 1;
                s.lo = a / y;
                s.hi = a % y;
                return;
            }
            case Op.DDIVU: {
                long y = b == 0 ? 1 : b;
                s.lo = Long.divideUnsigned(a, y);
                s.hi = Long.remainderUnsigned(a, y);
                return;
            }
            default: {
                long acc = (s.hi << 32) | (s.lo & 0xFFFFFFFFL);
                // for sign-extended (madd) or zero-extended (maddu) words this is the 32x32 product; other
                // operands are UNPREDICTABLE and get the 64-bit product, as in qemu
                long p = op == Op.MADD || op == Op.MSUB ? a * b : (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
                acc = op == Op.MADD || op == Op.MADDU ? acc + p : acc - p;
                s.lo = (long) (int) acc;
                s.hi = (long) (int) (acc >>> 32);
            }
        }
    }

    // ---------------------------------------------------------------- everything else

    private void other(int op, int w, GuestState s, long now) {
        long[] r = s.gpr;
        int rs = (w >>> 21) & 31, rt = (w >>> 16) & 31, rd = (w >>> 11) & 31, sa = (w >>> 6) & 31;
        switch (op) {
            case Op.ADD: {
                int a = (int) r[rs], b = (int) r[rt], v = a + b;
                if (((a ^ v) & (b ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rd] = v;
                return;
            }
            case Op.SUB: {
                int a = (int) r[rs], b = (int) r[rt], v = a - b;
                if (((a ^ b) & (a ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rd] = v;
                return;
            }
            case Op.ADDI: {
                int a = (int) r[rs], b = (short) w, v = a + b;
                if (((a ^ v) & (b ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rt] = v;
                return;
            }
            case Op.DADD: {
                long a = r[rs], b = r[rt], v = a + b;
                if (((a ^ v) & (b ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rd] = v;
                return;
            }
            case Op.DSUB: {
                long a = r[rs], b = r[rt], v = a - b;
                if (((a ^ b) & (a ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rd] = v;
                return;
            }
            case Op.DADDI: {
                long a = r[rs], b = (short) w, v = a + b;
                if (((a ^ v) & (b ^ v)) < 0) throw trap.raise(GuestException.OV, 0);
                r[rt] = v;
                return;
            }
            case Op.SYSCALL: throw trap.raise(GuestException.SYS, 0);
            case Op.BREAK: throw trap.raise(GuestException.BP, 0);
            case Op.TGE: if (r[rs] >= r[rt]) throw trap.raise(GuestException.TR, 0); return;
            case Op.TGEU: if (Long.compareUnsigned(r[rs], r[rt]) >= 0) throw trap.raise(GuestException.TR, 0); return;
            case Op.TLT: if (r[rs] < r[rt]) throw trap.raise(GuestException.TR, 0); return;
            case Op.TLTU: if (Long.compareUnsigned(r[rs], r[rt]) < 0) throw trap.raise(GuestException.TR, 0); return;
            case Op.TEQ: if (r[rs] == r[rt]) throw trap.raise(GuestException.TR, 0); return;
            case Op.TNE: if (r[rs] != r[rt]) throw trap.raise(GuestException.TR, 0); return;
            case Op.TGEI: if (r[rs] >= (short) w) throw trap.raise(GuestException.TR, 0); return;
            case Op.TGEIU: if (Long.compareUnsigned(r[rs], (short) w) >= 0) throw trap.raise(GuestException.TR, 0); return;
            case Op.TLTI: if (r[rs] < (short) w) throw trap.raise(GuestException.TR, 0); return;
            case Op.TLTIU: if (Long.compareUnsigned(r[rs], (short) w) < 0) throw trap.raise(GuestException.TR, 0); return;
            case Op.TEQI: if (r[rs] == (short) w) throw trap.raise(GuestException.TR, 0); return;
            case Op.TNEI: if (r[rs] != (short) w) throw trap.raise(GuestException.TR, 0); return;
            case Op.MOVF: case Op.MOVT: {
                if (!s.fpuEnabled) throw trap.unusable(1);
                if (Fpu.condition(s.fcsr, (w >>> 18) & 7) == (op == Op.MOVT)) r[rd] = r[rs];
                return;
            }
            case Op.CLZ: r[rd] = Integer.numberOfLeadingZeros((int) r[rs]); return;
            case Op.CLO: r[rd] = Integer.numberOfLeadingZeros(~(int) r[rs]); return;
            case Op.DCLZ: r[rd] = Long.numberOfLeadingZeros(r[rs]); return;
            case Op.DCLO: r[rd] = Long.numberOfLeadingZeros(~r[rs]); return;
            case Op.EXT: extract(r, rs, rt, sa, rd + 1, true); return;
            case Op.DEXT: extract(r, rs, rt, sa, rd + 1, false); return;
            case Op.DEXTM: extract(r, rs, rt, sa, rd + 33, false); return;
            case Op.DEXTU: extract(r, rs, rt, sa + 32, rd + 1, false); return;
            case Op.INS: insert(r, rs, rt, sa, rd - sa + 1, true); return;
            case Op.DINS: insert(r, rs, rt, sa, rd - sa + 1, false); return;
            case Op.DINSM: insert(r, rs, rt, sa, rd + 32 - sa + 1, false); return;
            case Op.DINSU: insert(r, rs, rt, sa + 32, rd - sa + 1, false); return;
            case Op.WSBH: {
                int x = (int) r[rt];
                r[rd] = ((x & 0x00FF00FF) << 8) | ((x >>> 8) & 0x00FF00FF);
                return;
            }
            case Op.SEB: r[rd] = (byte) r[rt]; return;
            case Op.SEH: r[rd] = (short) r[rt]; return;
            case Op.DSBH: r[rd] = swapBytesInHalves(r[rt]); return;
            case Op.DSHD: r[rd] = swapBytesInHalves(Long.reverseBytes(r[rt])); return;
            case Op.RDHWR: r[rt] = hardwareRegister(s, rd, now); return;
            case Op.LWL: case Op.LWR: case Op.LDL: case Op.LDR: loadUnaligned(op, r, rs, rt, w); return;
            case Op.SWL: case Op.SWR: case Op.SDL: case Op.SDR: storeUnaligned(op, r, rs, rt, w); return;
            case Op.LL: {
                long va = r[rs] + (short) w;
                if ((va & 3) != 0) throw trap.raise(GuestException.ADEL, va);
                r[rt] = BlockOps.lw(readable(va), (int) va & PAGE_MASK);
                s.llBit = true;
                s.llAddress = va;
                return;
            }
            case Op.LLD: {
                long va = r[rs] + (short) w;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADEL, va);
                r[rt] = BlockOps.ld(readable(va), (int) va & PAGE_MASK);
                s.llBit = true;
                s.llAddress = va;
                return;
            }
            case Op.SC: {
                long va = r[rs] + (short) w;
                if ((va & 3) != 0) throw trap.raise(GuestException.ADES, va);
                boolean ok = s.llBit && s.llAddress == va;
                if (ok) BlockOps.sw(writable(va), (int) va & PAGE_MASK, r[rt]);
                s.llBit = false;
                r[rt] = ok ? 1 : 0;
                return;
            }
            case Op.SCD: {
                long va = r[rs] + (short) w;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADES, va);
                boolean ok = s.llBit && s.llAddress == va;
                if (ok) BlockOps.sd(writable(va), (int) va & PAGE_MASK, r[rt]);
                s.llBit = false;
                r[rt] = ok ? 1 : 0;
                return;
            }
            case Op.COP0: case Op.CACHE: throw trap.unusable(0);
            case Op.COP2: throw trap.unusable(2);
            default: break;
        }
        if (!s.fpuEnabled) throw trap.unusable(1);
        cop1(op, w, s);
    }

    private static long swapBytesInHalves(long x) {
        return ((x & 0x00FF00FF00FF00FFL) << 8) | ((x >>> 8) & 0x00FF00FF00FF00FFL);
    }

    private void extract(long[] r, int rs, int rt, int pos, int size, boolean word) {
        if (pos + size > (word ? 32 : 64)) throw trap.raise(GuestException.RI, 0);
        long mask = size >= 64 ? -1L : (1L << size) - 1;
        long v = (r[rs] >>> pos) & mask;
        r[rt] = word ? (long) (int) v : v;
    }

    private void insert(long[] r, int rs, int rt, int pos, int size, boolean word) {
        if (size <= 0 || pos + size > (word ? 32 : 64)) throw trap.raise(GuestException.RI, 0);
        long mask = (size >= 64 ? -1L : (1L << size) - 1) << pos;
        long v = (r[rt] & ~mask) | ((r[rs] << pos) & mask);
        r[rt] = word ? (long) (int) v : v;
    }

    private long hardwareRegister(GuestState s, int reg, long now) {
        switch (reg) {
            case 0: return 0; // CPUNum: one CPU
            case 1: return 32; // SYNCI_Step: the cache line
            case 2: return (long) (int) ((timeBase + now) >>> 1); // CC: Count runs at half the pipeline clock
            case 3: return 2; // CCRes
            case 29: return s.userLocal;
            default: throw trap.raise(GuestException.RI, 0);
        }
    }

    private void loadUnaligned(int op, long[] r, int rs, int rt, int w) {
        long va = r[rs] + (short) w;
        if (op == Op.LWL || op == Op.LWR) {
            long aligned = va & ~3L;
            int b = (int) va & 3;
            int m = (int) I32.get(readable(aligned), (int) aligned & PAGE_MASK);
            int reg = (int) r[rt];
            int v;
            if (op == Op.LWL) {
                int shift = 8 * (3 - b);
                int keep = shift == 0 ? 0 : (1 << shift) - 1;
                v = (m << shift) | (reg & keep);
            } else {
                int shift = 8 * b;
                int keep = b == 0 ? 0 : ~(-1 >>> shift);
                v = (m >>> shift) | (reg & keep);
            }
            r[rt] = v;
        } else {
            long aligned = va & ~7L;
            int b = (int) va & 7;
            long m = BlockOps.ld(readable(aligned), (int) aligned & PAGE_MASK);
            long reg = r[rt];
            if (op == Op.LDL) {
                int shift = 8 * (7 - b);
                long keep = shift == 0 ? 0 : (1L << shift) - 1;
                r[rt] = (m << shift) | (reg & keep);
            } else {
                int shift = 8 * b;
                long keep = b == 0 ? 0 : ~(-1L >>> shift);
                r[rt] = (m >>> shift) | (reg & keep);
            }
        }
    }

    private void storeUnaligned(int op, long[] r, int rs, int rt, int w) {
        long va = r[rs] + (short) w;
        long reg = r[rt];
        if (op == Op.SWL || op == Op.SWR) {
            long aligned = va & ~3L;
            int b = (int) va & 3;
            byte[] bytes = writable(aligned);
            int base = (int) aligned & PAGE_MASK;
            if (op == Op.SWL) {
                for (int i = 0; i <= b; i++) bytes[base + i] = (byte) (reg >>> (8 * (3 - b + i)));
            } else {
                for (int i = b; i < 4; i++) bytes[base + i] = (byte) (reg >>> (8 * (i - b)));
            }
        } else {
            long aligned = va & ~7L;
            int b = (int) va & 7;
            byte[] bytes = writable(aligned);
            int base = (int) aligned & PAGE_MASK;
            if (op == Op.SDL) {
                for (int i = 0; i <= b; i++) bytes[base + i] = (byte) (reg >>> (8 * (7 - b + i)));
            } else {
                for (int i = b; i < 8; i++) bytes[base + i] = (byte) (reg >>> (8 * (i - b)));
            }
        }
    }

    private void cop1(int op, int w, GuestState s) {
        long[] r = s.gpr;
        long[] f = s.fpr;
        int rs = (w >>> 21) & 31, rt = (w >>> 16) & 31, rd = (w >>> 11) & 31;
        switch (op) {
            case Op.MFC1: r[rt] = (long) (int) f[rd]; return;
            case Op.DMFC1: r[rt] = f[rd]; return;
            case Op.MFHC1: r[rt] = f[rd] >> 32; return;
            case Op.MTC1: f[rd] = (f[rd] & 0xFFFFFFFF00000000L) | (r[rt] & 0xFFFFFFFFL); return;
            case Op.DMTC1: f[rd] = r[rt]; return;
            case Op.MTHC1: f[rd] = (f[rd] & 0xFFFFFFFFL) | (r[rt] << 32); return;
            case Op.CFC1: r[rt] = (long) (int) fpu.readControl(s, rd); return;
            case Op.CTC1: fpu.writeControl(s, rd, r[rt]); return;
            case Op.LWC1: {
                long va = r[rs] + (short) w;
                if ((va & 3) != 0) throw trap.raise(GuestException.ADEL, va);
                f[rt] = (f[rt] & 0xFFFFFFFF00000000L) | (BlockOps.lwu(readable(va), (int) va & PAGE_MASK));
                return;
            }
            case Op.LDC1: {
                long va = r[rs] + (short) w;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADEL, va);
                f[rt] = BlockOps.ld(readable(va), (int) va & PAGE_MASK);
                return;
            }
            case Op.SWC1: {
                long va = r[rs] + (short) w;
                if ((va & 3) != 0) throw trap.raise(GuestException.ADES, va);
                BlockOps.sw(writable(va), (int) va & PAGE_MASK, f[rt]);
                return;
            }
            case Op.SDC1: {
                long va = r[rs] + (short) w;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADES, va);
                BlockOps.sd(writable(va), (int) va & PAGE_MASK, f[rt]);
                return;
            }
            case Op.LWXC1: {
                long va = r[rs] + r[rt];
                if ((va & 3) != 0) throw trap.raise(GuestException.ADEL, va);
                int fd = (w >>> 6) & 31;
                f[fd] = (f[fd] & 0xFFFFFFFF00000000L) | (BlockOps.lwu(readable(va), (int) va & PAGE_MASK));
                return;
            }
            case Op.LDXC1: case Op.LUXC1: {
                long va = r[rs] + r[rt];
                if (op == Op.LUXC1) va &= ~7L;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADEL, va);
                f[(w >>> 6) & 31] = BlockOps.ld(readable(va), (int) va & PAGE_MASK);
                return;
            }
            case Op.SWXC1: {
                long va = r[rs] + r[rt];
                if ((va & 3) != 0) throw trap.raise(GuestException.ADES, va);
                BlockOps.sw(writable(va), (int) va & PAGE_MASK, f[rd]);
                return;
            }
            case Op.SDXC1: case Op.SUXC1: {
                long va = r[rs] + r[rt];
                if (op == Op.SUXC1) va &= ~7L;
                if ((va & 7) != 0) throw trap.raise(GuestException.ADES, va);
                BlockOps.sd(writable(va), (int) va & PAGE_MASK, f[rd]);
                return;
            }
            case Op.PREFX: return;
            case Op.MADD_S: case Op.MADD_D: case Op.MSUB_S: case Op.MSUB_D:
            case Op.NMADD_S: case Op.NMADD_D: case Op.NMSUB_S: case Op.NMSUB_D:
                fpu.multiplyAdd(s, op, w);
                return;
            default:
                fpu.execute(s, op, w);
        }
    }
}
