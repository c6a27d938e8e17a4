/**
 * The architecture SPI: what each l4.arch.* bundle provides so that generic kernel code never
 * asks which machine it runs on (MMU and TLB, register ABI, exceptions, interrupt controller,
 * device access, cost model).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package l4.spi;
