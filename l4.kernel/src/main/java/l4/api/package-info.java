/**
 * The L4 Version 2 user interface: thread ids, flexpages, timeouts, descriptors, results and the
 * Java binding of the seven system calls.
 *
 * <p>0.5: {@code IpcResult.adopt}, a result that takes its word array without a copy;
 * {@code ThreadId.taskOf/lthreadOf}, the fields of a raw id without an id object.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.5.0")
package l4.api;
