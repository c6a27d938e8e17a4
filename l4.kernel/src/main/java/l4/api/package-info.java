/**
 * The L4 Version 2 user interface: thread ids, flexpages, timeouts, descriptors, results and the
 * Java binding of the seven system calls.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package l4.api;
