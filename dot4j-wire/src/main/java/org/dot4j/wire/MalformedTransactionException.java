package org.dot4j.wire;

/**
 * A transaction packet that cannot be decoded, with the Error code the receiver reports for it
 * (reference §3.6). Thrown by {@link TransactionCodec#decode}; the engine turns it into an Error packet.
 */
public final class MalformedTransactionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /** A decode failure with its Error code and a message naming the offending values. */
    public MalformedTransactionException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The Error code to report to the peer. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
