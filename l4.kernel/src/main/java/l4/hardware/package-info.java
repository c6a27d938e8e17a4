/**
 * The hardware SPI: how a bundle plugs device models into the simulated machine.
 *
 * <p>A device model is a DS service ({@link DeviceModel}, implemented by device bundles: it is a
 * {@code @ConsumerType}, so adding a default method is a minor change for them). The machine
 * attaches every model at boot — at its ISA I/O ports on ix86, in the ISA port window of physical
 * memory on MIPS (Malta: port {@code p} at physical {@code 0x1800_0000 + p}) — connects it to its
 * ISA interrupt line, and detaches it at halt. What the machine offers a device is a
 * {@link DeviceBus} ({@code @ProviderType}: only the kernel implements it): its interrupt line,
 * simulated time and timers, host input, and physical memory for DMA. The kernel keeps owning the
 * bus and the interrupt controller; it never knows what a device is.
 *
 * <p>Threading: register accesses, {@code attach}, {@code detach}, timer actions and work given to
 * {@link DeviceBus#post} run one at a time in the machine's context (the simulated CPU). Host code
 * (a shell command, a socket) reaches a device only through {@link DeviceBus#post}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package l4.hardware;
