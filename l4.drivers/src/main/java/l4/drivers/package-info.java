/**
 * User-level device drivers: ordinary L4 tasks the root task starts, which reach their device only
 * through device registers (ix86 I/O ports, MIPS the Malta ISA window) and interrupt IPC, and serve
 * clients over the IPC protocols of {@link l4.drivers.client.Protocol}. Private: clients use the
 * protocols and the client library of {@code l4.drivers.client}.
 */
package l4.drivers;
