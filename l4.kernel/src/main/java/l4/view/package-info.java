/**
 * A read-only view of the running machine for tools outside the kernel (the web console): value
 * snapshots taken in kernel context, never live kernel objects. 1.1: guest threads' IP, SP and
 * last exception in {@link l4.view.ThreadInfo}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package l4.view;
