/**
 * The console side of {@code ./l4}: boot banner, and the non-interactive mode that runs Gogo
 * commands given with {@code -c} or piped on stdin and turns their outcome into the process's
 * exit status. Private package.
 */
package l4.console;
