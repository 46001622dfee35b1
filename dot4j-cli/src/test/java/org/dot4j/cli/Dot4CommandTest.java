package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A start builds only the command it runs; help, errors and no arguments see them all. */
class Dot4CommandTest {

    @Test
    void aNamedCommandIsBuiltAlone() {
        assertThat(Dot4Command.forArguments("probe", "unix:/x").getSubcommands()).containsOnlyKeys("probe");
        assertThat(Dot4Command.forArguments("cups-backend").getSubcommands()).containsOnlyKeys("cups-backend");
    }

    @Test
    void everythingElseGetsTheWholeTree() {
        int all = Dot4Command.SUBCOMMANDS.size();
        assertThat(Dot4Command.forArguments().getSubcommands()).hasSize(all);
        assertThat(Dot4Command.forArguments("help", "probe").getSubcommands()).hasSize(all);
        assertThat(Dot4Command.forArguments("--help").getSubcommands()).hasSize(all);
        assertThat(Dot4Command.forArguments("prbe").getSubcommands()).as("a misspelt name gets suggestions").hasSize(all);
    }
}
