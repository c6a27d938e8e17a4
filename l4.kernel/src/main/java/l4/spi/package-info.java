/**
 * The architecture SPI: what each l4.arch.* bundle provides so that generic kernel code never
 * asks which machine it runs on (MMU and TLB, register ABI, exceptions, interrupt controller,
 * device access, cost model).
 *
 * <p>The interfaces an architecture implements are {@code @ProviderType}: a backend built against
 * one minor version imports exactly that one, so adding a method (0.2: the allocation-free
 * {@code SyscallAbi.readArguments/readResults}; 0.3: the unaligned, breakpoint and
 * coprocessor exceptions of {@code ExceptionModel}, {@code Cost.DEVICE_ACCESS} and
 * {@code Architecture.portWindowBase}; 0.4: {@code UserCpu}, {@code Architecture.createUserCpu} and
 * {@code Architecture.javaCodeBase}; 0.5: {@code Mmu.saveState/loadState}, the MMU model's hidden
 * state in machine snapshots; 0.6: the instruction budget of
 * {@code UserCpu.run}, {@code UserCpu.extraRegisters} and {@code UserCpu.disassemble} for the
 * kernel debugger; 0.7: {@code SyscallAbi.messageWordRegister}, {@code readIpcParameters},
 * {@code writeIpcParameters}, {@code writeIpcStatus} and {@code readIpcStatus}, the IPC path with
 * the registers as the message; 0.8: {@code RegisterFile.plainRegisters}, the message words copied
 * without a call per word) cannot leave an old backend half-implemented.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.8.0")
package l4.spi;
