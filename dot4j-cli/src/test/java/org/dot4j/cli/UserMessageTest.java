package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Messages the user reads carry no Java class names; bad durations say what a good one looks like. */
class UserMessageTest {

    @Test
    void aWrappedJdkExceptionLosesItsClassName() {
        IOException wrapped = new IOException(new ConnectException("Connection refused"));

        assertThat(wrapped.getMessage()).contains("java.net.ConnectException");
        assertThat(UserMessage.of(wrapped)).isEqualTo("Connection refused");
    }

    @Test
    void simpleAndQualifiedNamesInsideAMessageAreRemoved() {
        assertThat(UserMessage.scrub("cannot convert 'x' (java.lang.NumberFormatException: For input string: \"x\")"))
                .doesNotContain("Exception").contains("For input string");
        assertThat(UserMessage.scrub("IllegalStateException: closed")).isEqualTo("closed");
    }

    @Test
    void fileErrorsAreSaidInWords() {
        assertThat(UserMessage.of(new NoSuchFileException("/tmp/x"))).isEqualTo("/tmp/x: no such file or directory");
        assertThat(UserMessage.of(new AccessDeniedException("/root/y"))).isEqualTo("/root/y: permission denied");
        assertThat(UserMessage.of(new UncheckedIOException(new NoSuchFileException("/tmp/z"))))
                .isEqualTo("/tmp/z: no such file or directory");
    }

    @Test
    void aFailureWithoutAMessageSaysHowToSeeMore() {
        assertThat(UserMessage.of(new NullPointerException())).doesNotContain("Exception").contains("dot4.trace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "ms", "10x", "-5s", "0", "0ms", "nan", "99999999999999999999m"})
    void aBadDurationSaysWhatAGoodOneIs(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining("500ms, 10s or 2m");
    }

    @Test
    void goodDurations() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert(" 3 ")).isEqualTo(Duration.ofSeconds(3));
    }
}
