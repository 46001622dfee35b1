package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(5)
class IoctlTest {

    /** The table of d4drvif.md §1.2, hex and decimal columns both. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "IOCTL_DOT4_OPEN_CHANNEL,              2049, 2, 0x003A2006, 3809286",
            "IOCTL_DOT4_CLOSE_CHANNEL,             2050, 0, 0x003A2008, 3809288",
            "IOCTL_DOT4_READ,                      2051, 2, 0x003A200E, 3809294",
            "IOCTL_DOT4_WRITE,                     2052, 1, 0x003A2011, 3809297",
            "IOCTL_DOT4_ADD_ACTIVITY_BROADCAST,    2053, 0, 0x003A2014, 3809300",
            "IOCTL_DOT4_REMOVE_ACTIVITY_BROADCAST, 2054, 0, 0x003A2018, 3809304",
            "IOCTL_DOT4_WAIT_ACTIVITY_BROADCAST,   2055, 2, 0x003A201E, 3809310",
            "IOCTL_DOT4_CREATE_SOCKET,             2056, 2, 0x003A2022, 3809314",
            "IOCTL_DOT4_WAIT_FOR_CHANNEL,          2057, 2, 0x003A2026, 3809318",
            "IOCTL_DOT4_DESTROY_SOCKET,            2058, 2, 0x003A202A, 3809322",
    })
    void everyCodeMatchesTheReferenceTableInHexAndDecimal(String headerName, int function, int method, String hex,
                                                          int decimal) {
        Ioctl ioctl = Ioctl.valueOf(headerName.substring("IOCTL_DOT4_".length()));

        assertThat(ioctl.headerName()).isEqualTo(headerName);
        assertThat(ioctl.function()).isEqualTo(function);
        assertThat(ioctl.method()).isEqualTo(method);
        assertThat(ioctl.code()).isEqualTo(Integer.decode(hex)).isEqualTo(decimal);
        assertThat(Ioctl.fromCode(decimal)).contains(ioctl);
    }

    @Test
    void thereAreTenCodesFromUserBaseToLast() {
        assertThat(Ioctl.values()).hasSize(10);
        assertThat(Ioctl.IOCTL_DOT4_USER_BASE).isEqualTo(2049);
        assertThat(Ioctl.IOCTL_DOT4_LAST).isEqualTo(2058);
        assertThat(Ioctl.values()[0].function()).isEqualTo(Ioctl.IOCTL_DOT4_USER_BASE);
        assertThat(Ioctl.values()[9].function()).isEqualTo(Ioctl.IOCTL_DOT4_LAST);
    }

    @Test
    void ctlCodeShiftsEachPartIntoItsField() {
        assertThat(Ioctl.ctlCode(Ioctl.FILE_DEVICE_DOT4, 2049, Ioctl.METHOD_OUT_DIRECT, Ioctl.FILE_ANY_ACCESS))
                .isEqualTo(0x003A2006);
        // access lands in bits 14-15, method in bits 0-1
        assertThat(Ioctl.ctlCode(0x22, 0x800, Ioctl.METHOD_NEITHER, 3)).isEqualTo(0x0022E003);
    }

    @Test
    void ctlCodeRejectsAPartThatWouldSpillIntoItsNeighbour() {
        assertThatThrownBy(() -> Ioctl.ctlCode(Ioctl.FILE_DEVICE_DOT4, 4096, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function 4096")
                .hasMessageContaining("12 bits");
        assertThatThrownBy(() -> Ioctl.ctlCode(0x10000, 0, 0, 0)).hasMessageContaining("deviceType 65536");
        assertThatThrownBy(() -> Ioctl.ctlCode(0, 0, 4, 0)).hasMessageContaining("method 4");
        assertThatThrownBy(() -> Ioctl.ctlCode(0, 0, 0, -1)).hasMessageContaining("access -1");
    }

    @Test
    void codesOutsideTheDot4SetAreNotFound() {
        assertThat(Ioctl.fromCode(0x003A2002)).isEmpty();   // function 2048, one below USER_BASE
        assertThat(Ioctl.fromCode(0x003A202E)).isEmpty();   // function 2059, one above LAST
        assertThat(Ioctl.fromCode(0x003A2007)).isEmpty();   // OPEN_CHANNEL's function with METHOD_NEITHER
    }
}
