/**
 * The drivers' IPC protocols ({@link l4.drivers.client.Protocol}) and the client library that
 * speaks them for programs running on L4 ({@link l4.drivers.client.DriverClient}: lookup by name,
 * retries across driver restarts, exact console writes, the longest wait). A bundle whose programs
 * use it keeps the revision it was wired to when l4.drivers is updated, so its programs keep
 * running while the drivers are replaced.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package l4.drivers.client;
