package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/** Cycle prices of kernel operations, calibrated per architecture; each constant documents its source. */
@ProviderType
public interface CostModel {
    long cycles(Cost cost);

    /** Where the figure comes from (manual, paper, calibration note). */
    String source(Cost cost);
}
