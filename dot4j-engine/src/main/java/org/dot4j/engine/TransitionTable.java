package org.dot4j.engine;

import java.util.EnumMap;
import java.util.Map;

/**
 * The moves of one state machine: for each state, the events it takes and the state each leads to. Every state
 * change goes through {@link #next}; an event the table does not list for the current state is an engine bug and
 * raises {@link IllegalTransitionException} naming the machine, the state and the event. Immutable once built.
 */
final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

    private final String machine;
    private final Map<S, Map<E, S>> moves;

    private TransitionTable(String machine, Map<S, Map<E, S>> moves) {
        this.machine = machine;
        this.moves = moves;
    }

    /** A table for {@code machine} (named in errors) to be filled with {@link Builder#allow}. */
    static <S extends Enum<S>, E extends Enum<E>> Builder<S, E> of(String machine, Class<S> states, Class<E> events) {
        return new Builder<>(machine, states, events);
    }

    /** The state {@code event} leads to from {@code from}; throws when the table has no such move. */
    S next(S from, E event) {
        S to = moves.get(from).get(event);
        if (to == null) {
            throw new IllegalTransitionException(machine, from.name(), event.name());
        }
        return to;
    }

    /** Fills a table; {@link #build} ends it. */
    static final class Builder<S extends Enum<S>, E extends Enum<E>> {
        private final String machine;
        private final Map<S, Map<E, S>> moves;

        private Builder(String machine, Class<S> states, Class<E> events) {
            this.machine = machine;
            this.moves = new EnumMap<>(states);
            for (S s : states.getEnumConstants()) {
                moves.put(s, new EnumMap<>(events));
            }
        }

        /** {@code event} leads from each of {@code from} to {@code to}. */
        @SafeVarargs
        final Builder<S, E> allow(E event, S to, S... from) {
            for (S s : from) {
                if (moves.get(s).put(event, to) != null) {
                    throw new IllegalArgumentException(machine + ": " + s + " already has a move for " + event);
                }
            }
            return this;
        }

        TransitionTable<S, E> build() {
            return new TransitionTable<>(machine, moves);
        }
    }
}
