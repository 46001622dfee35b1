package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FunctionFS blobs, byte for byte (layout: include/uapi/linux/usb/functionfs.h). */
class GadgetDescriptorsTest {

    @Test
    void descriptorBlobIsV2WithFullAndHighSpeedPrinterProtocol3Interface() {
        int[] expected = {
            0x03, 0x00, 0x00, 0x00, // magic FUNCTIONFS_DESCRIPTORS_MAGIC_V2
            0x42, 0x00, 0x00, 0x00, // length 66
            0x43, 0x00, 0x00, 0x00, // flags HAS_FS_DESC | HAS_HS_DESC | ALL_CTRL_RECIP
            0x03, 0x00, 0x00, 0x00, // fs_count
            0x03, 0x00, 0x00, 0x00, // hs_count
            // full speed: interface 0, alt 0, 2 endpoints, class 7 / subclass 1 / protocol 3, iInterface 1
            0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x03, 0x01,
            0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00, // bulk OUT 0x01, 64 bytes
            0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00, // bulk IN 0x82, 64 bytes
            // high speed: same, 512-byte packets
            0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x03, 0x01,
            0x07, 0x05, 0x01, 0x02, 0x00, 0x02, 0x00,
            0x07, 0x05, 0x82, 0x02, 0x00, 0x02, 0x00,
        };

        assertThat(GadgetDescriptors.descriptors()).containsExactly(bytes(expected));
    }

    @Test
    void stringsBlobHasOneUsEnglishInterfaceName() {
        int[] expected = {
            0x02, 0x00, 0x00, 0x00, // magic FUNCTIONFS_STRINGS_MAGIC
            0x18, 0x00, 0x00, 0x00, // length 24
            0x01, 0x00, 0x00, 0x00, // str_count
            0x01, 0x00, 0x00, 0x00, // lang_count
            0x09, 0x04, // 0x0409 en-US
            'd', 'o', 't', '4', 'j', 0x00,
        };

        assertThat(GadgetDescriptors.strings("dot4j")).containsExactly(bytes(expected));
    }

    private static byte[] bytes(int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
