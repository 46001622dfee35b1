package org.dot4j.engine;

/**
 * How an MLC host gets send credit (reference §6.2, HP1 {@code io-mfp-mode} 6 and 7). Other revisions ignore it.
 */
public enum MlcFlow {
    /** The device pushes Credit; the host waits for it and, when none comes, falls back to {@link #MISER} for good. */
    GUSHER,
    /** The host asks with CreditRequest(1) whenever it has data and no credit. */
    MISER
}
