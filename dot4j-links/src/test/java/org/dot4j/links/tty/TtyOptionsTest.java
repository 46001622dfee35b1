package org.dot4j.links.tty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TtyOptionsTest {

    @Test
    void emptyOrMissingQueryMeansRawModeWithSpeedUnchanged() {
        assertThat(TtyOptions.parseQuery(null)).isEqualTo(TtyOptions.DEFAULTS);
        assertThat(TtyOptions.parseQuery("")).isEqualTo(TtyOptions.DEFAULTS);
        assertThat(TtyOptions.DEFAULTS.raw()).isTrue();
        assertThat(TtyOptions.DEFAULTS.baud()).isEmpty();
    }

    @Test
    void queryGivesBaudAndRaw() {
        assertThat(TtyOptions.parseQuery("?baud=115200&raw=false"))
                .isEqualTo(new TtyOptions(OptionalInt.of(115200), false));
        assertThat(TtyOptions.parseQuery("baud=9600").baud()).hasValue(9600);
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> TtyOptions.parseQuery("baud=9600&parity=even"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown tty option 'parity'; known keys: baud, raw");
    }

    @Test
    void unsupportedBaudRateListsTheSupportedOnes() {
        assertThatThrownBy(() -> TtyOptions.parseQuery("baud=12345"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unsupported baud rate 12345; use one of 1200, 1800, 2400")
                .hasMessageContaining("115200");
    }

    @Test
    void malformedValuesAreRejected() {
        assertThatThrownBy(() -> TtyOptions.parseQuery("baud=fast")).hasMessageContaining("not 'fast'");
        assertThatThrownBy(() -> TtyOptions.parseQuery("raw=yes")).hasMessageContaining("raw must be true or false");
        assertThatThrownBy(() -> TtyOptions.parseQuery("baud")).hasMessageContaining("is not key=value");
    }
}
