package l4.hardware;

import org.osgi.annotation.versioning.ProviderType;

/** A pending {@link DeviceBus#schedule} action. */
@ProviderType
public interface DeviceTimer {
    /** The action will not run (no effect once it ran). */
    void cancel();

    /** True until the action ran or was cancelled. */
    boolean pending();
}
