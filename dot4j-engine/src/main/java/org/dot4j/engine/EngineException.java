package org.dot4j.engine;

/**
 * A command the engine refused at once, with the reason, its scope and its culprit (almost always the caller, or a
 * link that is down or not initialised); thrown by {@link LinkEngine}'s command methods.
 */
public final class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Failure failure;

    /** A refusal for {@code failure}, with a message naming the values involved. */
    public EngineException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    /** Why the command was refused. */
    public Failure failure() {
        return failure;
    }

    /** What the refusal affects: see {@link Failure#scope()}. */
    public Scope scope() {
        return failure.scope();
    }

    /** Who caused it: see {@link Failure#culprit()}. */
    public Culprit culprit() {
        return failure.culprit();
    }
}
