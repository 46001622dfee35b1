package org.dot4j.links.usb;

import java.io.ByteArrayOutputStream;

/**
 * Test-side encoder of configuration descriptors for hand-encoded and synthetic devices: add interface
 * settings and endpoints in wire order, then {@link #build()} fills in {@code wTotalLength}.
 */
final class DescriptorBuilder {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int interfaces;

    /** An interface descriptor (one alternate setting). */
    DescriptorBuilder setting(int number, int alt, int cls, int subClass, int protocol, int endpoints) {
        if (alt == 0) {
            interfaces++;
        }
        body.writeBytes(new byte[] {9, 4, (byte) number, (byte) alt, (byte) endpoints, (byte) cls, (byte) subClass,
            (byte) protocol, 0});
        return this;
    }

    /** A bulk endpoint (address bit 0x80 = IN). */
    DescriptorBuilder bulk(int address, int maxPacket) {
        return endpoint(address, 2, maxPacket);
    }

    /** An endpoint with explicit attributes (3 = interrupt). */
    DescriptorBuilder endpoint(int address, int attributes, int maxPacket) {
        body.writeBytes(new byte[] {7, 5, (byte) address, (byte) attributes, (byte) maxPacket, (byte) (maxPacket >> 8), 0});
        return this;
    }

    /** Any other descriptor, to check it is skipped. */
    DescriptorBuilder raw(int... descriptor) {
        for (int b : descriptor) {
            body.write(b);
        }
        return this;
    }

    /** The configuration: 9-byte header with wTotalLength, then everything added. */
    byte[] build() {
        int total = 9 + body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {9, 2, (byte) total, (byte) (total >> 8), (byte) interfaces, 1, 0, (byte) 0xc0, 1});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
