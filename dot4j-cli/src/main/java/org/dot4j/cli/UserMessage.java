package org.dot4j.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/**
 * What a failure says to the person at the terminal: its message without Java class names (a JDK exception wrapped
 * in another carries "java.net.ConnectException: ..." in its message), file errors in words, and a pointer to the
 * stack trace when there is nothing else to say.
 */
final class UserMessage {

    /** A qualified or simple Java exception class name, with the ": " that follows it. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");
    private static final String TRACE_HINT = "run with DOT4_JAVA_OPTS=-Ddot4.trace=true to see where it failed";

    private UserMessage() {
    }

    /** The message of {@code failure} for the user. */
    static String of(Throwable failure) {
        if (failure instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or directory";
        }
        if (failure instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (failure instanceof FileSystemException e && e.getReason() != null) {
            return (e.getFile() == null ? "" : e.getFile() + ": ") + e.getReason();
        }
        Throwable cause = failure.getCause();
        boolean onlyWraps = cause != null && cause != failure
                && (failure.getMessage() == null || failure.getMessage().equals(cause.toString()));
        if (onlyWraps) {
            return of(cause);    // new IOException(cause) says nothing but the cause's class and message
        }
        String text = failure.getMessage() == null ? "" : scrub(failure.getMessage());
        return text.isEmpty() ? "an unexpected internal failure; " + TRACE_HINT : text;
    }

    /** {@code text} without Java class names. */
    static String scrub(String text) {
        return CLASS_NAME.matcher(text).replaceAll("").strip();
    }
}
