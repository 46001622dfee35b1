package org.dot4j.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dot4j.wire.Transaction.*;

/**
 * Encodes and decodes transaction-channel packets (reference §3.3, §3.4).
 *
 * <p>Strict in what we send: the layout follows the revision in use, commands and replies carry
 * transaction credit 1, Error packets credit 0, the Epson entry packet control 0x40. Lenient in what we
 * accept: a packet is parsed by its LENGTH, so both the 0x20 (HPLIP) and 0x10 (d4lib, Epson) layouts
 * decode whatever revision was negotiated, trailing bytes are ignored, and nothing past LENGTH is read.
 * A failed reply may stop after its result byte; missing fields then decode as 0.
 *
 * <p>Stateless and thread-safe.
 */
public final class TransactionCodec {

    /** Transaction credit carried by every command and reply (§3.2, §5.2). */
    public static final int TRANSACTION_CREDIT = 1;

    private TransactionCodec() {}

    /** The total packet length {@code t} takes in {@code revision}'s layout. */
    public static int encodedLength(Transaction t, int revision) {
        boolean draft = Revision.usesDraftLayouts(revision);
        return switch (t) {
            case Init i -> WireFormat.INIT;
            case OpenChannel o -> draft ? WireFormat.OPEN_CHANNEL_10 : WireFormat.OPEN_CHANNEL_20;
            case CloseChannel c -> draft ? WireFormat.CLOSE_CHANNEL_10 : WireFormat.CLOSE_CHANNEL_20;
            case Credit c -> WireFormat.CREDIT;
            case CreditRequest c -> draft ? WireFormat.CREDIT_REQUEST_10 : WireFormat.CREDIT_REQUEST_20;
            case Exit e -> WireFormat.EXIT;
            case GetSocketId g -> WireFormat.COMMAND_OFFSET + 1 + g.serviceName().length();
            case GetServiceName g -> WireFormat.GET_SERVICE_NAME;
            case EpsonPacking e -> WireFormat.COMMAND_OFFSET + 1 + e.tail().length();
            case ErrorPacket e -> WireFormat.ERROR;
            case InitReply r -> WireFormat.INIT_REPLY;
            case OpenChannelReply r -> draft ? WireFormat.OPEN_CHANNEL_REPLY_10 : WireFormat.OPEN_CHANNEL_REPLY_20;
            case CloseChannelReply r -> WireFormat.CLOSE_CHANNEL_REPLY;
            case CreditReply r -> WireFormat.CREDIT_REPLY;
            case CreditRequestReply r -> WireFormat.CREDIT_REQUEST_REPLY;
            case ExitReply r -> WireFormat.EXIT_REPLY;
            case GetSocketIdReply r -> WireFormat.GET_SOCKET_ID_REPLY_MIN + r.serviceName().length();
            case GetServiceNameReply r -> WireFormat.GET_SERVICE_NAME_REPLY_MIN + r.serviceName().length();
            case EpsonPackingReply r -> WireFormat.EPSON_PACKING_REPLY;
            case ConfigSocket c -> throw mlcOnly(c);
            case MlcOpenChannel o -> throw mlcOnly(o);
            case ConfigSocketReply r -> throw mlcOnly(r);
            case MlcOpenChannelReply r -> throw mlcOnly(r);
        };
    }

    /** Writes header and body of {@code t} in {@code revision}'s layout; returns the packet length. */
    public static int encode(Transaction t, int revision, ByteBuffer dst) {
        int length = encodedLength(t, revision);
        boolean draft = Revision.usesDraftLayouts(revision);
        int credit = t instanceof ErrorPacket ? 0 : TRANSACTION_CREDIT;
        int control = t instanceof EpsonPacking ? WireFormat.CONTROL_EPSON_ENTRY : 0;
        PacketHeader.transaction(length, credit, control).encode(dst);
        int opcode = t instanceof Reply ? t.opcode().replyWire() : t.opcode().wire();
        dst.put((byte) opcode);
        switch (t) {
            case Init i -> dst.put((byte) i.revision());
            case OpenChannel o -> {
                dst.put((byte) o.primarySocket()).put((byte) o.secondarySocket());
                dst.putShort((short) o.maxPrimaryToSecondary()).putShort((short) o.maxSecondaryToPrimary());
                if (draft) {
                    dst.putShort((short) o.creditRequested());
                }
                dst.putShort((short) o.maxOutstandingCredit());
            }
            case CloseChannel c -> {
                dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket());
                if (draft) {
                    dst.put((byte) c.closingMode());
                }
            }
            case Credit c -> dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket()).putShort((short) c.credit());
            case CreditRequest c -> {
                dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket());
                if (draft) {
                    dst.putShort((short) c.creditRequested());
                }
                dst.putShort((short) c.maxOutstandingCredit());
            }
            case Exit e -> { }
            case GetSocketId g -> dst.put(g.serviceName().getBytes(StandardCharsets.US_ASCII));
            case GetServiceName g -> dst.put((byte) g.socketId());
            case EpsonPacking e -> dst.put(e.tail().getBytes(StandardCharsets.US_ASCII));
            case ErrorPacket e -> dst.put((byte) e.primarySocket()).put((byte) e.secondarySocket()).put((byte) e.code());
            case InitReply r -> dst.put((byte) r.result().wire()).put((byte) r.revision());
            case OpenChannelReply r -> {
                dst.put((byte) r.result().wire()).put((byte) r.primarySocket()).put((byte) r.secondarySocket());
                dst.putShort((short) r.maxPrimaryToSecondary()).putShort((short) r.maxSecondaryToPrimary());
                if (!draft) {
                    dst.putShort((short) r.maxOutstandingCredit());
                }
                dst.putShort((short) r.credit());
            }
            case CloseChannelReply r ->
                    dst.put((byte) r.result().wire()).put((byte) r.primarySocket()).put((byte) r.secondarySocket());
            case CreditReply r ->
                    dst.put((byte) r.result().wire()).put((byte) r.primarySocket()).put((byte) r.secondarySocket());
            case CreditRequestReply r -> dst.put((byte) r.result().wire()).put((byte) r.primarySocket())
                    .put((byte) r.secondarySocket()).putShort((short) r.credit());
            case ExitReply r -> dst.put((byte) r.result().wire());
            case GetSocketIdReply r -> dst.put((byte) r.result().wire()).put((byte) r.socketId())
                    .put(r.serviceName().getBytes(StandardCharsets.US_ASCII));
            case GetServiceNameReply r -> dst.put((byte) r.result().wire()).put((byte) r.socketId())
                    .put(r.serviceName().getBytes(StandardCharsets.US_ASCII));
            case EpsonPackingReply r -> dst.put((byte) r.result().wire());
            case ConfigSocket c -> throw mlcOnly(c);
            case MlcOpenChannel o -> throw mlcOnly(o);
            case ConfigSocketReply r -> throw mlcOnly(r);
            case MlcOpenChannelReply r -> throw mlcOnly(r);
        }
        return length;
    }

    /**
     * Decodes the body of a transaction packet.
     *
     * @param header the packet's header (socket pair 0/0, LENGTH at least 6)
     * @param body exactly {@code header.payloadLength()} bytes; its position is not moved
     * @throws MalformedTransactionException with Error 0x80 (too short, bad name), 0x85 (unknown result)
     *     or 0x87 (unknown or MLC-only opcode)
     */
    public static Transaction decode(PacketHeader header, ByteBuffer body) throws MalformedTransactionException {
        int length = header.length();
        if (length < WireFormat.COMMAND_OFFSET + 1) {
            throw malformed("transaction packet of length " + length + " has no command byte");
        }
        FieldReader f = new FieldReader(body.duplicate(), length);
        int commandByte = f.u8(WireFormat.COMMAND_OFFSET);
        boolean isReply = (commandByte & Opcode.REPLY_BIT) != 0;
        Opcode op = Opcode.fromWire(commandByte & ~Opcode.REPLY_BIT)
                .filter(Opcode::isSupported)
                .filter(o -> !(isReply && o == Opcode.ERROR))
                .orElseThrow(() -> new MalformedTransactionException(ErrorCode.UNKNOWN_TRANSACTION,
                        String.format("unknown or unsupported transaction 0x%02X", commandByte)));
        return isReply ? decodeReply(op, f) : decodeCommand(op, f);
    }

    private static Command decodeCommand(Opcode op, FieldReader f) throws MalformedTransactionException {
        int length = f.length;
        return switch (op) {
            case INIT -> new Init(f.require(WireFormat.INIT, op).u8(7));
            case OPEN_CHANNEL -> {
                f.require(WireFormat.OPEN_CHANNEL_20, op);
                boolean draft = length >= WireFormat.OPEN_CHANNEL_10;
                yield new OpenChannel(f.u8(7), f.u8(8), f.u16(9), f.u16(11),
                        draft ? f.u16(15) : f.u16(13), draft ? f.u16(13) : 0);
            }
            case CLOSE_CHANNEL -> {
                f.require(WireFormat.CLOSE_CHANNEL_20, op);
                yield new CloseChannel(f.u8(7), f.u8(8), length >= WireFormat.CLOSE_CHANNEL_10 ? f.u8(9) : 0);
            }
            case CREDIT -> {
                f.require(WireFormat.CREDIT, op);
                yield new Credit(f.u8(7), f.u8(8), f.u16(9));
            }
            case CREDIT_REQUEST -> {
                f.require(WireFormat.CREDIT_REQUEST_20, op);
                boolean draft = length >= WireFormat.CREDIT_REQUEST_10;
                yield new CreditRequest(f.u8(7), f.u8(8), draft ? f.u16(9) : 0, draft ? f.u16(11) : f.u16(9));
            }
            case EXIT -> new Exit();
            case GET_SOCKET_ID -> {
                f.require(WireFormat.GET_SOCKET_ID_MIN, op);
                String name = f.ascii(7, length);
                try {
                    yield new GetSocketId(name);
                } catch (IllegalArgumentException e) {
                    throw malformed("GetSocketID: " + e.getMessage());
                }
            }
            case GET_SERVICE_NAME -> new GetServiceName(f.require(WireFormat.GET_SERVICE_NAME, op).u8(7));
            case EPSON_PACKING -> new EpsonPacking(f.ascii(7, length));
            case ERROR -> {
                f.require(WireFormat.ERROR, op);
                yield new ErrorPacket(f.u8(7), f.u8(8), f.u8(9));
            }
            default -> throw new IllegalStateException("unsupported opcode passed the filter: " + op);
        };
    }

    private static Reply decodeReply(Opcode op, FieldReader f) throws MalformedTransactionException {
        f.require(WireFormat.REPLY_MIN, op);
        int resultByte = f.u8(7);
        ResultCode result = ResultCode.fromWire(resultByte).orElseThrow(() -> new MalformedTransactionException(
                ErrorCode.UNKNOWN_RESULT, String.format("%s reply with unknown result 0x%02X", op, resultByte)));
        // A refusal may end after its result byte; a success must carry every field.
        FieldReader g = result == ResultCode.SUCCESS ? f : f.zeroExtended();
        int length = f.length;
        return switch (op) {
            case INIT -> new InitReply(result, g.require(WireFormat.INIT_REPLY, op).u8(8));
            case OPEN_CHANNEL -> {
                g.require(WireFormat.OPEN_CHANNEL_REPLY_10, op);
                boolean full = length >= WireFormat.OPEN_CHANNEL_REPLY_20;
                yield new OpenChannelReply(result, g.u8(8), g.u8(9), g.u16(10), g.u16(12),
                        full ? g.u16(14) : 0, full ? g.u16(16) : g.u16(14));
            }
            case CLOSE_CHANNEL -> new CloseChannelReply(result, g.require(WireFormat.CLOSE_CHANNEL_REPLY, op).u8(8), g.u8(9));
            case CREDIT -> new CreditReply(result, g.require(WireFormat.CREDIT_REPLY, op).u8(8), g.u8(9));
            case CREDIT_REQUEST -> {
                g.require(WireFormat.CREDIT_REQUEST_REPLY, op);
                yield new CreditRequestReply(result, g.u8(8), g.u8(9), g.u16(10));
            }
            case EXIT -> new ExitReply(result);
            // HP1 reads only 9 bytes of GetSocketIDReply; Epson echoes the name (§3.3).
            case GET_SOCKET_ID -> new GetSocketIdReply(result, g.require(WireFormat.GET_SOCKET_ID_REPLY_MIN, op).u8(8),
                    f.ascii(9, length));
            case GET_SERVICE_NAME -> new GetServiceNameReply(result,
                    g.require(WireFormat.GET_SERVICE_NAME_REPLY_MIN, op).u8(8), f.ascii(9, length));
            case EPSON_PACKING -> new EpsonPackingReply(result);
            default -> throw new IllegalStateException("unsupported opcode passed the filter: " + op);
        };
    }

    private static IllegalArgumentException mlcOnly(Transaction t) {
        return new IllegalArgumentException(t + " exists only in HP MLC (use MlcCodec)");
    }

    static MalformedTransactionException malformed(String message) {
        return new MalformedTransactionException(ErrorCode.MALFORMED_PACKET, message);
    }
}
