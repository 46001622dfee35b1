package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DOT4_DC_CREATE_DATA, d4drvif.md §2.2. */
@Timeout(5)
class CreateSocketDataTest {

    private static final CreateSocketData PRINT_REPLY =
            CreateSocketData.forService("PRINT", ChannelType.STREAM, 0x7FFF, 16384, 16384).withHostSocketId(2);

    /** Written by hand from the §2.2 offset table. */
    private static final String PRINT_REPLY_BYTES = ""
            + "00 "                                                // 0  bPsid (unused: a name is given)
            + "50 52 49 4E 54 "                                    // 1  pServiceName "PRINT" ...
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "   //    ... NUL and zero fill
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
            + "00 00 00 00 "                                       //    (41 bytes end at 41)
            + "01 "                                                // 42 bType STREAM
            + "00 "                                                // 43 padding
            + "FF 7F 00 00 "                                       // 44 ulBufferSize 0x7FFF
            + "00 40 "                                             // 48 usMaxHtoPPacketSize 16384
            + "00 40 "                                             // 50 usMaxPtoHPacketSize 16384
            + "02 "                                                // 52 bHsid 2
            + "00 00 00";                                          // 53 tail padding

    /** A request by socket id: PRINTER_CHANNEL, packet type, odd sizes to show byte order. */
    private static final String SOCKET_REQUEST_BYTES = ""
            + "02 "                                                // 0  bPsid 2
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "   // 1  empty name: 41 NULs
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
            + "00 00 00 00 00 00 00 00 00 "
            + "02 "                                                // 42 bType PACKET
            + "00 "                                                // 43 padding
            + "78 56 34 12 "                                       // 44 ulBufferSize 0x12345678
            + "02 01 "                                             // 48 usMaxHtoPPacketSize 0x0102
            + "FF FF "                                             // 50 usMaxPtoHPacketSize 65535
            + "00 "                                                // 52 bHsid 0
            + "00 00 00";                                          // 53 tail padding

    @Test
    void aPrintStreamReplyEncodesToTheHandWrittenFiftySixBytes() {
        byte[] bytes = PRINT_REPLY.encode();

        assertThat(bytes).hasSize(CreateSocketData.SIZE).hasSize(56);
        assertThat(HexBytes.format(bytes)).isEqualTo(HexBytes.normalise(PRINT_REPLY_BYTES));
        assertThat(PRINT_REPLY.encodedSize()).isEqualTo(56);
    }

    @Test
    void aSocketIdRequestEncodesLittleEndianWithAnEmptyName() {
        CreateSocketData request = CreateSocketData.forSocket(
                WellKnownSocket.PRINTER_CHANNEL.id(), ChannelType.PACKET, 0x12345678L, 0x0102, 0xFFFF);

        assertThat(HexBytes.format(request.encode())).isEqualTo(HexBytes.normalise(SOCKET_REQUEST_BYTES));
        assertThat(request.usesServiceName()).isFalse();
    }

    @Test
    void theGoldenBytesDecodeToTheSameValues() throws Dot4Exception {
        assertThat(CreateSocketData.decode(HexBytes.parse(PRINT_REPLY_BYTES))).isEqualTo(PRINT_REPLY);
        CreateSocketData request = CreateSocketData.decode(HexBytes.parse(SOCKET_REQUEST_BYTES));
        assertThat(request.peripheralSocketId()).isEqualTo(2);
        assertThat(request.serviceName()).isEmpty();
        assertThat(request.type()).isEqualTo(ChannelType.PACKET);
        assertThat(request.bufferSize()).isEqualTo(0x12345678L);
        assertThat(request.maxHostToPeripheralPacketSize()).isEqualTo(0x0102);
        assertThat(request.maxPeripheralToHostPacketSize()).isEqualTo(65535);
    }

    @Test
    void extremeValuesRoundTrip() throws Dot4Exception {
        CreateSocketData extreme = new CreateSocketData(255, "A".repeat(40), ChannelType.PACKET, 0xFFFFFFFFL,
                65535, 0, 255);

        byte[] bytes = extreme.encode();

        assertThat(bytes[41]).as("NUL after 40 characters").isZero();
        assertThat(CreateSocketData.decode(bytes)).isEqualTo(extreme);
    }

    @Test
    void paddingAndBytesAfterTheNulAreIgnoredOnDecode() throws Dot4Exception {
        byte[] bytes = HexBytes.parse(PRINT_REPLY_BYTES);
        bytes[7] = 'X';    // after "PRINT\0": garbage a C caller may leave
        bytes[43] = (byte) 0xAA;
        bytes[53] = (byte) 0xAA;
        bytes[55] = (byte) 0xAA;

        assertThat(CreateSocketData.decode(bytes)).isEqualTo(PRINT_REPLY);
    }

    @Test
    void decodeReadsFromThePositionAdvancesBySizeAndIgnoresTheCallersByteOrder() throws Dot4Exception {
        ByteBuffer buffer = ByteBuffer.allocate(3 + 60).order(ByteOrder.BIG_ENDIAN);
        buffer.put(new byte[] {9, 9, 9}).put(HexBytes.parse(PRINT_REPLY_BYTES)).put(new byte[] {7, 7, 7, 7});
        buffer.position(3);

        assertThat(CreateSocketData.decode(buffer)).isEqualTo(PRINT_REPLY);
        assertThat(buffer.position()).isEqualTo(3 + 56);
    }

    @Test
    void encodeIntoABufferWritesAtThePositionAndAdvances() throws Dot4Exception {
        ByteBuffer buffer = ByteBuffer.allocate(60);
        Arrays.fill(buffer.array(), (byte) 0xEE);   // padding must be overwritten with zeros
        buffer.position(2);

        PRINT_REPLY.encode(buffer);

        assertThat(buffer.position()).isEqualTo(58);
        assertThat(HexBytes.format(Arrays.copyOfRange(buffer.array(), 2, 58)))
                .isEqualTo(HexBytes.normalise(PRINT_REPLY_BYTES));
    }

    @Test
    void encodeIntoATooSmallBufferIsBufferTooSmallAndWritesNothing() {
        ByteBuffer buffer = ByteBuffer.allocate(55);

        assertThatThrownBy(() -> PRINT_REPLY.encode(buffer))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("DOT4_DC_CREATE_DATA needs 56 bytes but the buffer has 55");
        assertThat(buffer.position()).isZero();
    }

    @Test
    void decodingFiftyFiveBytesIsBufferTooSmall() {
        byte[] shortInput = Arrays.copyOf(HexBytes.parse(PRINT_REPLY_BYTES), 55);

        assertThatThrownBy(() -> CreateSocketData.decode(shortInput))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("needs 56 bytes but the buffer has 55");
    }

    @Test
    void aServiceNameWithoutNulInItsFortyOneBytesIsAnInvalidParameter() {
        byte[] bytes = HexBytes.parse(PRINT_REPLY_BYTES);
        Arrays.fill(bytes, 1, 42, (byte) 'A');

        assertThatThrownBy(() -> CreateSocketData.decode(bytes))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("not NUL-terminated within its 41 bytes");
    }

    @Test
    void aNonAsciiServiceNameByteIsAnInvalidParameterNamingByteAndOffset() {
        byte[] bytes = HexBytes.parse(PRINT_REPLY_BYTES);
        bytes[3] = (byte) 0xC3;

        assertThatThrownBy(() -> CreateSocketData.decode(bytes))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("byte 0xC3 at offset 3 is not ASCII");
    }

    @Test
    void aBadChannelTypeByteIsAnInvalidParameter() {
        byte[] bytes = HexBytes.parse(PRINT_REPLY_BYTES);
        bytes[42] = 3;

        assertThatThrownBy(() -> CreateSocketData.decode(bytes))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("bType 3");
    }

    @Test
    void withHostSocketIdChangesOnlyTheHostSocket() {
        CreateSocketData request = CreateSocketData.forService("HP-SCAN", ChannelType.PACKET, 4096, 1024, 2048);

        CreateSocketData reply = request.withHostSocketId(7);

        assertThat(reply.hostSocketId()).isEqualTo(7);
        assertThat(reply.withHostSocketId(0)).isEqualTo(request);
        assertThat(reply.usesServiceName()).isTrue();
    }

    @Test
    void theConstructorRejectsValuesThatDoNotFitTheirCTypes() {
        assertThatThrownBy(() -> new CreateSocketData(256, "", ChannelType.STREAM, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peripheralSocketId 256");
        assertThatThrownBy(() -> new CreateSocketData(0, "", ChannelType.STREAM, -1, 0, 0, 0))
                .hasMessageContaining("bufferSize -1");
        assertThatThrownBy(() -> new CreateSocketData(0, "", ChannelType.STREAM, 0x1_0000_0000L, 0, 0, 0))
                .hasMessageContaining("bufferSize 4294967296");
        assertThatThrownBy(() -> new CreateSocketData(0, "", ChannelType.STREAM, 0, 65536, 0, 0))
                .hasMessageContaining("maxHostToPeripheralPacketSize 65536");
        assertThatThrownBy(() -> new CreateSocketData(0, "", ChannelType.STREAM, 0, 0, -1, 0))
                .hasMessageContaining("maxPeripheralToHostPacketSize -1");
        assertThatThrownBy(() -> new CreateSocketData(0, "", ChannelType.STREAM, 0, 0, 0, -1))
                .hasMessageContaining("hostSocketId -1");
    }

    @Test
    void theConstructorRejectsServiceNamesThatCannotBeWrittenAsACString() {
        assertThatThrownBy(() -> CreateSocketData.forService("A".repeat(41), ChannelType.STREAM, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 41 characters");
        assertThatThrownBy(() -> CreateSocketData.forService("SCAN\u00C9", ChannelType.STREAM, 0, 0, 0))
                .hasMessageContaining("U+00C9 at index 4");
        assertThatThrownBy(() -> CreateSocketData.forService("PR\0INT", ChannelType.STREAM, 0, 0, 0))
                .hasMessageContaining("U+0000 at index 2");
        assertThatThrownBy(() -> CreateSocketData.forService("", ChannelType.STREAM, 0, 0, 0))
                .hasMessageContaining("forSocket");
    }
}
