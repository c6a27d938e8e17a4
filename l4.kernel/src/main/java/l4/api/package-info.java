/**
 * The L4 Version 2 user interface: thread ids, flexpages, timeouts, descriptors, results and the
 * Java binding of the seven system calls.
 *
 * <p>0.5: {@code IpcResult.adopt}, a result that takes its word array without a copy;
 * {@code ThreadId.taskOf/lthreadOf}, the fields of a raw id without an id object.
 * 0.6: {@code IpcResultBuffer}, a reusable receiver of an IPC's outcome, with {@code L4.ipc},
 * {@code call}, {@code replyAndWait} and {@code waitAny} writing into it (default methods);
 * {@code IpcResult.wordCount}; {@code IpcOutcomeView}, the reading both share; {@code L4} marked {@code @ProviderType} (the kernel implements it,
 * programs only call it).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.6.0")
package l4.api;
