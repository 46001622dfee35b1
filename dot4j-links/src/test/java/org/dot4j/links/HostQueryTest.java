package org.dot4j.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dot4j.driver.HostOptions;
import org.dot4j.engine.MlcFlow;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;

/** The host's query keys make the same options for the command line and the daemon. */
class HostQueryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static HostOptions of(String uri, boolean epson) {
        return HostQuery.options(LinkUri.parse(uri), epson, TIMEOUT);
    }

    @Test
    void noQueryIsIeee12844() {
        assertThat(of("tcp://h:1", false)).isEqualTo(new HostOptions(Revision.IEEE_1284_4, false, TIMEOUT));
    }

    @Test
    void epsonEntryFromTheUriOrTheFlagMeansRevision0x10AfterTheEntryPacket() {
        assertThat(of("tcp://h:1?epson-entry", false)).isEqualTo(new HostOptions(Revision.EPSON_DRAFT, true, TIMEOUT));
        assertThat(of("tcp://h:1", true)).isEqualTo(new HostOptions(Revision.EPSON_DRAFT, true, TIMEOUT));
        assertThat(of("tcp://h:1?epson-entry&revision=0x20", false).revision()).isEqualTo(Revision.IEEE_1284_4);
    }

    @Test
    void mlcNamesItsFlow() {
        assertThat(of("unix:/x?mlc", false)).isEqualTo(new HostOptions(Revision.HP_MLC, false, TIMEOUT, MlcFlow.GUSHER));
        assertThat(of("unix:/x?mlc=miser", false).mlcFlow()).isEqualTo(MlcFlow.MISER);
    }

    @Test
    void badValuesNameTheGoodOnes() {
        assertThatThrownBy(() -> of("tcp://h:1?revision=abc", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("revision \"abc\" is neither 0x10 (Epson) nor 0x20 (IEEE 1284.4)");
        assertThatThrownBy(() -> of("tcp://h:1?revision=3", false)).hasMessageContaining("?mlc");
        assertThatThrownBy(() -> of("tcp://h:1?epson-entry=yes", false)).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> of("tcp://h:1?mlc=fast", false)).hasMessageContaining("neither gusher");
    }
}
