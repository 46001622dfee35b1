package org.dot4j.capture;

import java.io.IOException;

/**
 * A capture or trace file that cannot be read further: not pcap/pcapng, damaged, or cut short. The message names the
 * file, where in it the problem is, and what was expected, so a user can tell a truncated capture from a wrong file.
 */
public final class CaptureFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was decoded before the problem; set by the decoder, null until then. */
    private transient CaptureDecoder.Result decodedSoFar;

    /** A problem at {@code offset} bytes into {@code file}. */
    public CaptureFormatException(String file, long offset, String problem) {
        super(file + ": " + problem + " (at byte " + offset + ")");
    }

    /** What the decoder had decoded before this problem, empty when it was not decoding. */
    public java.util.Optional<CaptureDecoder.Result> decodedSoFar() {
        return java.util.Optional.ofNullable(decodedSoFar);
    }

    CaptureFormatException withDecodedSoFar(CaptureDecoder.Result result) {
        this.decodedSoFar = result;
        return this;
    }
}
