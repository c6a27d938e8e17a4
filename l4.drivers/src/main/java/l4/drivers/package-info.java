/**
 * User-level device drivers on L4 (private package; the driver framework comes in a later issue).
 */
package l4.drivers;
