package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(5)
class NtStatusTest {

    /** Every row of d4drvif.md §5, transcribed separately from the enum. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "STATUS_SUCCESS,                0x00000000, success, 0",
            "STATUS_TIMEOUT,                0x00000102, success, 1460",
            "STATUS_PENDING,                0x00000103, success, 997",
            "STATUS_BUFFER_OVERFLOW,        0x80000005, warning, 234",
            "STATUS_DEVICE_BUSY,            0x80000011, warning, 170",
            "STATUS_UNSUCCESSFUL,           0xC0000001, error,   31",
            "STATUS_INVALID_HANDLE,         0xC0000008, error,   6",
            "STATUS_INVALID_PARAMETER,      0xC000000D, error,   87",
            "STATUS_NO_SUCH_DEVICE,         0xC000000E, error,   2",
            "STATUS_INVALID_DEVICE_REQUEST, 0xC0000010, error,   1",
            "STATUS_BUFFER_TOO_SMALL,       0xC0000023, error,   122",
            "STATUS_DELETE_PENDING,         0xC0000056, error,   5",
            "STATUS_INSUFFICIENT_RESOURCES, 0xC000009A, error,   1450",
            "STATUS_DEVICE_NOT_CONNECTED,   0xC000009D, error,   1167",
            "STATUS_DEVICE_NOT_READY,       0xC00000A3, error,   21",
            "STATUS_IO_TIMEOUT,             0xC00000B5, error,   121",
            "STATUS_NOT_SUPPORTED,          0xC00000BB, error,   50",
            "STATUS_CANCELLED,              0xC0000120, error,   995",
            "STATUS_INVALID_DEVICE_STATE,   0xC0000184, error,   22",
            "STATUS_IO_DEVICE_ERROR,        0xC0000185, error,   1117",
            "STATUS_DEVICE_PROTOCOL_ERROR,  0xC0000186, error,   1117",
            "STATUS_NOT_FOUND,              0xC0000225, error,   1168",
            "STATUS_CONNECTION_REFUSED,     0xC0000236, error,   1225",
            "STATUS_DEVICE_REMOVED,         0xC00002B6, error,   1617",
    })
    void everyStatusHasTheValueSeverityAndWin32ErrorOfTheReferenceTable(String name, String hex, String severity,
                                                                        int win32Error) {
        NtStatus status = NtStatus.valueOf(name);
        int value = (int) Long.parseLong(hex.substring(2), 16);

        assertThat(status.value()).isEqualTo(value);
        assertThat(status.win32Error()).isEqualTo(win32Error);
        assertThat(status.isSuccess()).isEqualTo(severity.equals("success"));
        assertThat(status.isWarning()).isEqualTo(severity.equals("warning"));
        assertThat(status.isError()).isEqualTo(severity.equals("error"));
        assertThat(status.meaning()).isNotBlank().doesNotContain("\n");
        assertThat(NtStatus.fromValue(value)).contains(status);
    }

    @Test
    void theEnumHoldsExactlyTheTwentyFourRowsOfTheReferenceTable() {
        assertThat(NtStatus.values()).hasSize(24);
    }

    @Test
    void statusTimeoutIsASuccessCodeSoWin32CallersSeeTrue() {
        assertThat(NtStatus.STATUS_TIMEOUT.isSuccess()).isTrue();
        assertThat(NtStatus.STATUS_TIMEOUT.isError()).isFalse();
        assertThat(NtStatus.STATUS_IO_TIMEOUT.isError()).isTrue();
    }

    @Test
    void bufferOverflowIsAWarningNeitherSuccessNorError() {
        assertThat(NtStatus.STATUS_BUFFER_OVERFLOW.isWarning()).isTrue();
        assertThat(NtStatus.STATUS_BUFFER_OVERFLOW.isSuccess()).isFalse();
        assertThat(NtStatus.STATUS_BUFFER_OVERFLOW.isError()).isFalse();
    }

    @Test
    void unknownValuesAreNotFound() {
        assertThat(NtStatus.fromValue(0xC0000002)).isEmpty();   // STATUS_NOT_IMPLEMENTED: real, but not in §5
        assertThat(NtStatus.fromValue(0x104)).isEmpty();
        assertThat(NtStatus.fromValue(-1)).isEmpty();
    }

    @Test
    void describeGivesTheNameAndEightHexDigits() {
        assertThat(NtStatus.STATUS_DEVICE_NOT_CONNECTED.describe())
                .isEqualTo("STATUS_DEVICE_NOT_CONNECTED (0xC000009D)");
        assertThat(NtStatus.STATUS_TIMEOUT.describe()).isEqualTo("STATUS_TIMEOUT (0x00000102)");
    }
}
