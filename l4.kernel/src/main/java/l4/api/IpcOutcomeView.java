package l4.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What an IPC's outcome tells, read the same way from the immutable {@link IpcResult} and the
 * reusable {@link IpcResultBuffer}: the result dope (condition code in the low byte; after a long
 * message the memory words and strings received in bits 13–31 and 8–12) and its decoded flags,
 * the source, the message's real destination and the received register words.
 */
@ProviderType
public interface IpcOutcomeView {
    long dope();

    /** The source (or the id the sender claimed). */
    ThreadId source();

    /** The real destination of a received message: the id its sender named; nil when nothing was received. */
    ThreadId realDestination();

    /** The number of received register words (the architecture's message registers). */
    int wordCount();

    long word(int i);

    default int cc() { return MsgDope.cc(dope()); }
    default IpcError error() { return IpcError.fromCode(cc()); }
    default boolean ok() { return (cc() & 0xF0) == 0; }
    default boolean deceived() { return (cc() & ConditionCode.DECEIVED) != 0; }
    default boolean mapped() { return (cc() & ConditionCode.MAPPED) != 0; }
    default boolean redirected() { return (cc() & ConditionCode.REDIRECTED) != 0; }
    default boolean fromInnerClan() { return (cc() & ConditionCode.INNER_CLAN) != 0; }
    /** Memory words received with a long message (the dope's word count); 0 for a register message. */
    default int memoryWords() { return MsgDope.words(dope()); }
    /** Strings received with a long message (the dope's string count). */
    default int strings() { return MsgDope.strings(dope()); }
}
