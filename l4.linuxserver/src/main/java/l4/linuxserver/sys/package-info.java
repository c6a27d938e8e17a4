/**
 * The Linux system-call layer: {@link l4.linuxserver.sys.LinuxSystem} (processes, signals, exec,
 * exit and wait) and its calls, written against {@link l4.linuxserver.sys.LinuxAbi} so that every
 * number and layout of an architecture stays out of it.
 */
package l4.linuxserver.sys;
