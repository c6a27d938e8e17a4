/** The loader pager for guest programs and the {@code l4:exec} command. Private. */
package l4.loader.internal;
