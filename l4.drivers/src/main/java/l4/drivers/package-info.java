/**
 * User-level device drivers: ordinary L4 tasks the root task starts, which reach their device only
 * through device registers (ix86 I/O ports, MIPS the Malta ISA window) and interrupt IPC, and serve
 * clients over the IPC protocols of {@link l4.drivers.Protocol}. Private: clients use the
 * protocols, not these classes.
 */
package l4.drivers;
