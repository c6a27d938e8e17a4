/**
 * A Linux process's memory as mappings and pages, copy-on-write after fork; the hardware mappings
 * belong to whoever holds the MMU and hear about changes through a MappingObserver.
 */
package l4.linuxserver.mm;
