/** Linux's MIPS n64 ABI: system-call numbers and registers, errno and signal numbers, structure layouts. */
package l4.linuxserver.mips;
