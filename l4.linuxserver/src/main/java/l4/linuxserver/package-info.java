/**
 * The Linux personality server on L4 (private package; the server comes in a later issue).
 */
package l4.linuxserver;
