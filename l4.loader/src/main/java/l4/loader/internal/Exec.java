package l4.loader.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import l4.loader.elf.AuxValues;
import l4.loader.elf.ElfFile;
import l4.loader.elf.ElfFormatException;
import l4.loader.elf.InitialStack;
import l4.run.Launched;
import l4.run.ProgramRunner;

/**
 * {@code l4:exec}: loads a static MIPS64 ELF (a host file or a shipped program) into a new task
 * under a {@link LoaderProgram} and runs it to its end. Bad input is an
 * {@link IllegalArgumentException} with one line saying why.
 */
final class Exec {
    /** Largest file read. */
    static final long MAX_FILE = 16L << 20;
    /** Memory the segments may need. */
    static final long MAX_IMAGE = 16L << 20;
    /** Zero pages above the segments a program may touch. */
    static final long HEAP = 32L << 20;
    /** Pages a program may have at once: 48 MiB. */
    static final long MAX_FRAMES = 12288;
    /** guest-mips counts from here on (JIT warm-up); shorter runs are measured whole. */
    static final long WARMUP_INSTRUCTIONS = 500_000_000L;
    static final int PRIORITY = 100;
    static final List<String> ENVIRONMENT = List.of("HOME=/", "PATH=/bin");
    static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Told about a long run's progress every 2 s. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (instructions, seconds) -> { };

        void report(long guestInstructions, long seconds);
    }

    /** A finished run, with the host-time rate over the measured part. */
    record Report(String program, Outcome outcome, long measuredInstructions, long measuredNanos, boolean warmedUp) {
        double guestMips() {
            return measuredNanos <= 0 ? 0 : measuredInstructions * 1e3 / measuredNanos;
        }

        String format() {
            StringBuilder b = new StringBuilder();
            String out = new String(outcome.output(), StandardCharsets.UTF_8);
            b.append(out);
            if (!out.isEmpty() && !out.endsWith("\n")) b.append('\n');
            Outcome.Counters run = outcome.run();
            if (outcome.exited()) b.append("exit-value: ").append(outcome.exitValue()).append('\n');
            else b.append("ended: ").append(outcome.reason()).append('\n');
            b.append("guest-instructions: ").append(run.guestInstructions()).append('\n');
            b.append("simulated-cycles: ").append(run.cycles()).append('\n');
            b.append("page-faults: ").append(run.pageFaults()).append('\n');
            b.append(String.format(Locale.ROOT, "guest-mips: %.1f (%s)", guestMips(), warmedUp
                    ? "after the first " + WARMUP_INSTRUCTIONS / 1_000_000 + " M instructions"
                    : "whole run, shorter than the " + WARMUP_INSTRUCTIONS / 1_000_000 + " M instructions of warm-up"));
            Outcome.Counters marked = outcome.between(1, 2);
            if (marked != null) {
                b.append(String.format(Locale.ROOT, "%nmarks 1-2: cycles %d, guest-instructions %d, page-faults %d, host-ns %d",
                        marked.cycles(), marked.guestInstructions(), marked.pageFaults(), marked.hostNanos()));
            }
            return b.toString();
        }
    }

    private final ProgramRunner runner;
    private final FrameLedger ledger;

    Exec(ProgramRunner runner, FrameLedger ledger) {
        this.runner = runner;
        this.ledger = ledger;
    }

    static String list() {
        int w = 0;
        for (Programs.Entry e : Programs.ALL) w = Math.max(w, e.name().length());
        StringBuilder b = new StringBuilder();
        for (Programs.Entry e : Programs.ALL) b.append(String.format("%-" + w + "s  %s%n", e.name(), e.description()));
        return b.toString().stripTrailing();
    }

    /** The program's bytes: a shipped program by name, else a host file. */
    static byte[] read(String target) {
        boolean path = target.contains("/") || target.contains(java.io.File.separator) || target.endsWith(".elf");
        try {
            if (!path) {
                byte[] shipped = Programs.binary(target);
                if (shipped != null) return shipped;
            }
            Path p = Path.of(target);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(path ? "no such file: " + target
                        : "no such program or file: " + target + " (l4:exec --list lists the programs)");
            }
            if (Files.isDirectory(p)) throw new IllegalArgumentException(target + " is a directory");
            long size = Files.size(p);
            if (size > MAX_FILE) {
                throw new IllegalArgumentException(target + " is too large: " + size + " bytes (at most " + (MAX_FILE >> 20) + " MiB)");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + target);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cannot read " + target + ": " + e.getMessage());
        }
    }

    /** Parses and lays out the program: a loader ready to run it. */
    static LoaderProgram prepare(String target, byte[] file, List<String> args) {
        return prepare(target, file, args, new FrameLedger());
    }

    /** Parses and lays out the program: a loader ready to run it, its frames recorded in {@code ledger}. */
    static LoaderProgram prepare(String target, byte[] file, List<String> args, FrameLedger ledger) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(file, ElfFile.EM_MIPS, ProgramImage.STACK_TOP - ProgramImage.STACK_SIZE, MAX_IMAGE);
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException(target + ": " + e.getMessage());
        }
        List<byte[]> argv = new ArrayList<>();
        argv.add(target.getBytes(StandardCharsets.UTF_8));
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        List<byte[]> env = new ArrayList<>();
        for (String e : ENVIRONMENT) env.add(e.getBytes(StandardCharsets.UTF_8));
        InitialStack stack;
        try {
            stack = InitialStack.layout(ProgramImage.STACK_TOP, argv, env, argv.get(0), InitialStack.MIPS64R2, null, random(file),
                    AuxValues.of(elf), 64 * 1024);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(target + ": " + e.getMessage());
        }
        boolean linux = elf.osAbi() != ElfFile.ELFOSABI_STANDALONE;
        return new LoaderProgram(new ProgramImage(elf, stack, HEAP), linux, MAX_FRAMES, ledger);
    }

    /** AT_RANDOM's bytes: from the file, so that a run is the same every time (a deterministic machine). */
    private static byte[] random(byte[] file) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(file);
            return java.util.Arrays.copyOf(d, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code target} with {@code args} to its end; Ctrl-C (an interrupt) kills it. */
    Report run(String target, List<String> args, Progress progress) throws InterruptedException {
        LoaderProgram loader = prepare(target, read(target), args, ledger);
        Launched launched;
        try {
            launched = runner.launch("exec " + target, loader, PRIORITY);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        launched.halted().whenComplete((v, t) -> {
            ledger.clear();
            loader.outcome().completeExceptionally(new IllegalStateException("the machine halted while the command ran"));
        });
        long base = launched.guestInstructionsNow();
        long warmNanos = 0, warmInstructions = -1;
        long lastProgress = System.nanoTime(), begin = lastProgress;
        try {
            while (true) {
                try {
                    Outcome o = loader.outcome().get(20, TimeUnit.MILLISECONDS);
                    long endInstructions = o.end().guestInstructions();
                    if (warmInstructions >= 0 && endInstructions > warmInstructions) {
                        return new Report(target, o, endInstructions - warmInstructions, o.end().hostNanos() - warmNanos, true);
                    }
                    return new Report(target, o, o.run().guestInstructions(), o.run().hostNanos(), false);
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    long done = launched.guestInstructionsNow();
                    if (warmInstructions < 0 && done - base >= WARMUP_INSTRUCTIONS) {
                        warmInstructions = done;
                        warmNanos = now;
                    }
                    if (now - lastProgress >= PROGRESS_NANOS) {
                        lastProgress = now;
                        progress.report(done - base, TimeUnit.NANOSECONDS.toSeconds(now - begin));
                    }
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw new IllegalArgumentException(c.getMessage() == null ? c.toString() : c.getMessage());
                }
            }
        } catch (InterruptedException e) {
            long done = launched.guestInstructionsNow() - base;
            launched.kill();
            throw new InterruptedException("interrupted after " + done + " guest instructions");
        } finally {
            launched.kill();
        }
    }
}
