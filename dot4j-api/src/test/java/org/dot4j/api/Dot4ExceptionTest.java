package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(5)
class Dot4ExceptionTest {

    @Test
    void messageStartsWithTheStatusThenTheDetail() {
        Dot4Exception e = new Dot4Exception(NtStatus.STATUS_INVALID_DEVICE_STATE, "channel 3 is not open");

        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_DEVICE_STATE);
        assertThat(e.getMessage()).isEqualTo("STATUS_INVALID_DEVICE_STATE (0xC0000184): channel 3 is not open");
    }

    @Test
    void theCauseIsKept() {
        IOException cause = new IOException("broken pipe");

        Dot4Exception e = new Dot4Exception(NtStatus.STATUS_IO_DEVICE_ERROR, "write failed", cause);

        assertThat(e.getCause()).isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(names = {"STATUS_SUCCESS", "STATUS_TIMEOUT", "STATUS_PENDING"})
    void successCodesAreRejectedBecauseTheyAreNoFailure(NtStatus success) {
        assertThatThrownBy(() -> new Dot4Exception(success, "done"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(success.describe())
                .hasMessageContaining("success code");
    }

    @Test
    void warningCodesAreAccepted() {
        assertThat(new Dot4Exception(NtStatus.STATUS_BUFFER_OVERFLOW, "message truncated").status())
                .isEqualTo(NtStatus.STATUS_BUFFER_OVERFLOW);
    }

    @Test
    void invalidParameterNamesWhatIsWrong() {
        Dot4Exception e = Dot4Exception.invalidParameter("ulOffset 10 + ulSize 20 exceeds the 16-byte buffer");

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER);
        assertThat(e.getMessage()).startsWith("STATUS_INVALID_PARAMETER (0xC000000D): ")
                .contains("ulOffset 10 + ulSize 20");
    }

    @Test
    void invalidHandleNamesTheHandleInDecimalAndHex() {
        Dot4Exception e = Dot4Exception.invalidHandle(42);

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_HANDLE);
        assertThat(e.getMessage()).contains("42 (0x0000002A)").contains("OPEN_CHANNEL");
    }

    @Test
    void deviceNotConnectedNamesTheLinkAndKeepsTheCause() {
        IOException cause = new IOException("connection reset");

        Dot4Exception e = Dot4Exception.deviceNotConnected("tcp://printer:9100", cause);

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        assertThat(e.getMessage()).contains("tcp://printer:9100").contains("switched on");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void timeoutIsTheFailingIoTimeoutAndNamesOperationAndMillis() {
        Dot4Exception e = Dot4Exception.timeout("read on channel 3", 500);

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_IO_TIMEOUT);
        assertThat(e.getMessage()).contains("read on channel 3").contains("500 ms").contains("INFINITE");
    }

    @Test
    void cancelledNamesTheOperation() {
        Dot4Exception e = Dot4Exception.cancelled("WAIT_ACTIVITY_BROADCAST");

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_CANCELLED);
        assertThat(e.getMessage()).contains("WAIT_ACTIVITY_BROADCAST was cancelled");
    }

    @Test
    void protocolErrorCarriesTheDetailAndSaysToReset() {
        Dot4Exception e = Dot4Exception.protocolError("packet length 3 is shorter than the 6-byte header");

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_DEVICE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("packet length 3").contains("reopen");
    }

    @Test
    void insufficientResourcesNamesTheResource() {
        Dot4Exception e = Dot4Exception.insufficientResources("channels (128 open, the DOT4_MAX_CHANNELS limit)");

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_INSUFFICIENT_RESOURCES);
        assertThat(e.getMessage()).contains("128 open").contains("close channels");
    }

    @Test
    void notFoundQuotesTheServiceName() {
        Dot4Exception e = Dot4Exception.notFound("HP-SCAN");

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_NOT_FOUND);
        assertThat(e.getMessage()).contains("\"HP-SCAN\"").contains("GetSocketID");
    }

    @Test
    void bufferTooSmallNamesStructRequiredAndActualSizes() {
        Dot4Exception e = Dot4Exception.bufferTooSmall("DOT4_ACTIVITY", 12, 4);

        assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL);
        assertThat(e.getMessage()).contains("DOT4_ACTIVITY needs 12 bytes but the buffer has 4");
    }
}
