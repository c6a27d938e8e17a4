package l4.loader.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

/**
 * Which task number each frame the loaders took from σ0 went to, for the loaders of one machine.
 * σ0 gives a frame to one task number for ever (a later task of the same number gets it again,
 * cleared; another number is refused, and the loader touching it would fault for ever). Every
 * {@code l4:exec} runs a new loader task, with the lowest free task number: usually the last
 * loader's, so it takes the same frames again; when another program holds that number, the new
 * loader skips the frames of other numbers instead of faulting on them. A stale entry (after a
 * reboot) only wastes frames, it never makes a loader fault. One component in the bundle, shared
 * by everything that starts loaders ({@code l4:exec}, the guest ping-pong), as the machine is one.
 */
@Component(service = FrameLedger.class)
public final class FrameLedger {
    private final Map<Long, Integer> owners = new HashMap<>();

    public FrameLedger() {}

    /** Records {@code frame} as task {@code task}'s unless another task number has it; whether {@code task} may take it. */
    synchronized boolean claim(long frame, int task) {
        Integer owner = owners.putIfAbsent(frame, task);
        return owner == null || owner == task;
    }

    /** Forgets every frame: the machine halted, its σ0 with it. */
    synchronized void clear() {
        owners.clear();
    }
}
