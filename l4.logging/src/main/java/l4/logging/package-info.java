/**
 * The distribution's logback configuration (private package): everything to the log file in the
 * data directory, warnings and errors to the console.
 */
package l4.logging;
