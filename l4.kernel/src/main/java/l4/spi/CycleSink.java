package l4.spi;

/** Where hardware models charge the simulated cycles their work costs. */
@FunctionalInterface
public interface CycleSink {
    void charge(long cycles);
}
