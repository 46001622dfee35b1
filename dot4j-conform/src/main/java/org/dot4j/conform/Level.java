package org.dot4j.conform;

/** How binding a case's rule is: a SHOULD that fails counts only with {@code --strict}. */
public enum Level {
    /** Hosts break without it: every real host (or the one named) depends on it. */
    MUST,
    /** The reference recommends it, or some hosts need it and others cope. */
    SHOULD
}
