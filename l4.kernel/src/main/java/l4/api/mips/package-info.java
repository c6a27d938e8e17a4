/**
 * The user-side ABI of the MIPS machine that is not in the V2 interface itself, like a C
 * header: the exception frame of the reflected-exception door ({@link l4.api.mips.ExceptionFrame}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package l4.api.mips;
