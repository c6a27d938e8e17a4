/**
 * The loader's IPC protocol for L4-native guest programs ({@link LoaderProtocol}), the Java side
 * of {@code l4.arch.mips/src/main/guest/libl4/loader.h}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package l4.loader;
