package org.dot4j.wire;

import java.nio.ByteBuffer;
import org.dot4j.wire.Transaction.*;

/**
 * Encodes and decodes HP MLC (revision 3) transaction packets (reference §6.1, from HP1 {@code mlc.h}/{@code mlc.c}).
 *
 * <p>MLC is a transaction set of its own: ConfigSocket; an OpenChannel that carries a credit and no sizes; replies
 * to CloseChannel, Credit, CreditRequest and OpenChannel that name no sockets; a one-byte Error; no GetSocketID or
 * GetServiceName; no transaction credit. Init, Exit and their replies are laid out as in 1284.4.
 *
 * <p>Strict in what we send: credit and status bytes 0 in every header, as HP1 sends. Lenient in what we accept:
 * trailing bytes are ignored, a refusal may stop after its result byte. Result values are undocumented beyond 0
 * (§13): a byte of the 1284.4 table decodes as that code (an assumption: 1284.4 grew out of MLC), any other non-zero
 * byte as {@link ResultCode#UNABLE_TO_BEGIN}, the 1 HP1 itself sends for every refusal; never as an Error 0x85.
 * Error codes are read into {@link ErrorPacket#code()} as they come ({@link ErrorCode#UNKNOWN} outside the table).
 * Debit and DebitRequest (layouts unknown) and every 1284.4-only opcode decode as Error 0x87.
 *
 * <p>Stateless and thread-safe.
 */
public final class MlcCodec {

    /** MLC has no transaction credit: HP1 puts 0 in the header of every packet it originates (§5.2). */
    public static final int TRANSACTION_CREDIT = 0;

    private MlcCodec() {}

    /** The total packet length of {@code t}; IllegalArgumentException for a transaction MLC does not have. */
    public static int encodedLength(Transaction t) {
        return switch (t) {
            case Init i -> WireFormat.INIT;
            case InitReply r -> WireFormat.INIT_REPLY;
            case ConfigSocket c -> WireFormat.MLC_CONFIG_SOCKET;
            case ConfigSocketReply r -> WireFormat.MLC_CONFIG_SOCKET_REPLY;
            case MlcOpenChannel o -> WireFormat.MLC_OPEN_CHANNEL;
            case MlcOpenChannelReply r -> WireFormat.MLC_OPEN_CHANNEL_REPLY;
            case CloseChannel c -> WireFormat.MLC_CLOSE_CHANNEL;
            case CloseChannelReply r -> WireFormat.MLC_CLOSE_CHANNEL_REPLY;
            case Credit c -> WireFormat.MLC_CREDIT;
            case CreditReply r -> WireFormat.MLC_CREDIT_REPLY;
            case CreditRequest c -> WireFormat.MLC_CREDIT_REQUEST;
            case CreditRequestReply r -> WireFormat.MLC_CREDIT_REQUEST_REPLY;
            case Exit e -> WireFormat.EXIT;
            case ExitReply r -> WireFormat.EXIT_REPLY;
            case ErrorPacket e -> WireFormat.MLC_ERROR;
            default -> throw new IllegalArgumentException(t + " does not exist in HP MLC");
        };
    }

    /** Writes header and body of {@code t}; returns the packet length. */
    public static int encode(Transaction t, ByteBuffer dst) {
        int length = encodedLength(t);
        PacketHeader.transaction(length, TRANSACTION_CREDIT, 0).encode(dst);
        dst.put((byte) (t instanceof Reply ? t.opcode().replyWire() : t.opcode().wire()));
        switch (t) {
            case Init i -> dst.put((byte) i.revision());
            case InitReply r -> dst.put((byte) r.result().wire()).put((byte) r.revision());
            case ConfigSocket c -> dst.put((byte) c.socket()).putShort((short) c.maxHostToPeripheral())
                    .putShort((short) c.maxPeripheralToHost()).put((byte) c.statusLevel());
            case ConfigSocketReply r -> dst.put((byte) r.result().wire()).putShort((short) r.maxHostToPeripheral())
                    .putShort((short) r.maxPeripheralToHost()).put((byte) r.statusLevel());
            case MlcOpenChannel o -> dst.put((byte) o.hostSocket()).put((byte) o.peripheralSocket()).putShort((short) o.credit());
            case MlcOpenChannelReply r -> dst.put((byte) r.result().wire()).putShort((short) r.credit());
            case CloseChannel c -> dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket());
            case Credit c -> dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket()).putShort((short) c.credit());
            // §6.1: bytes 9–10 are the credit requested (HP1's "miser" asks for 1).
            case CreditRequest c -> dst.put((byte) c.primarySocket()).put((byte) c.secondarySocket())
                    .putShort((short) c.creditRequested());
            case CreditRequestReply r -> dst.put((byte) r.result().wire()).putShort((short) r.credit());
            case CloseChannelReply r -> dst.put((byte) r.result().wire());
            case CreditReply r -> dst.put((byte) r.result().wire());
            case ExitReply r -> dst.put((byte) r.result().wire());
            case Exit e -> { }
            case ErrorPacket e -> dst.put((byte) e.code());
            default -> throw new IllegalStateException("length known but no layout for " + t);
        }
        return length;
    }

    /**
     * Decodes the body of an MLC transaction packet.
     *
     * @param header the packet's header (socket pair 0/0, LENGTH at least 6)
     * @param body exactly {@code header.payloadLength()} bytes; its position is not moved
     * @throws MalformedTransactionException with Error 0x80 (too short) or 0x87 (opcode MLC lacks)
     */
    public static Transaction decode(PacketHeader header, ByteBuffer body) throws MalformedTransactionException {
        int length = header.length();
        if (length < WireFormat.COMMAND_OFFSET + 1) {
            throw TransactionCodec.malformed("MLC packet of length " + length + " has no command byte");
        }
        FieldReader f = new FieldReader(body.duplicate(), length);
        int commandByte = f.u8(WireFormat.COMMAND_OFFSET);
        boolean isReply = (commandByte & Opcode.REPLY_BIT) != 0;
        Opcode op = Opcode.fromWire(commandByte & ~Opcode.REPLY_BIT)
                .filter(o -> o != Opcode.ERROR || !isReply)
                .orElse(null);
        Transaction t = op == null ? null : isReply ? decodeReply(op, f) : decodeCommand(op, f);
        if (t == null) {
            throw new MalformedTransactionException(ErrorCode.UNKNOWN_TRANSACTION,
                    String.format("transaction 0x%02X does not exist in HP MLC", commandByte));
        }
        return t;
    }

    private static Command decodeCommand(Opcode op, FieldReader f) throws MalformedTransactionException {
        return switch (op) {
            case INIT -> new Init(f.require(WireFormat.INIT, op).u8(7));
            case CONFIG_SOCKET -> new ConfigSocket(f.require(WireFormat.MLC_CONFIG_SOCKET, op).u8(7), f.u16(8), f.u16(10), f.u8(12));
            case OPEN_CHANNEL -> new MlcOpenChannel(f.require(WireFormat.MLC_OPEN_CHANNEL, op).u8(7), f.u8(8), f.u16(9));
            case CLOSE_CHANNEL -> new CloseChannel(f.require(WireFormat.MLC_CLOSE_CHANNEL, op).u8(7), f.u8(8), 0);
            case CREDIT -> new Credit(f.require(WireFormat.MLC_CREDIT, op).u8(7), f.u8(8), f.u16(9));
            case CREDIT_REQUEST -> new CreditRequest(f.require(WireFormat.MLC_CREDIT_REQUEST, op).u8(7), f.u8(8), f.u16(9), 0);
            case EXIT -> new Exit();
            case ERROR -> new ErrorPacket(0, 0, f.require(WireFormat.MLC_ERROR, op).u8(7));
            default -> null;
        };
    }

    private static Reply decodeReply(Opcode op, FieldReader f) throws MalformedTransactionException {
        f.require(WireFormat.REPLY_MIN, op);
        int resultByte = f.u8(7);
        ResultCode result = resultByte == 0 ? ResultCode.SUCCESS
                : ResultCode.fromWire(resultByte).orElse(ResultCode.UNABLE_TO_BEGIN);
        // A refusal may end after its result byte; a success must carry every field.
        FieldReader g = result == ResultCode.SUCCESS ? f : f.zeroExtended();
        return switch (op) {
            case INIT -> new InitReply(result, g.require(WireFormat.INIT_REPLY, op).u8(8));
            case CONFIG_SOCKET -> new ConfigSocketReply(result, g.require(WireFormat.MLC_CONFIG_SOCKET_REPLY, op).u16(8),
                    g.u16(10), g.u8(12));
            case OPEN_CHANNEL -> new MlcOpenChannelReply(result, g.require(WireFormat.MLC_OPEN_CHANNEL_REPLY, op).u16(8));
            case CLOSE_CHANNEL -> new CloseChannelReply(result, 0, 0);
            case CREDIT -> new CreditReply(result, 0, 0);
            case CREDIT_REQUEST -> new CreditRequestReply(result, 0, 0, g.require(WireFormat.MLC_CREDIT_REQUEST_REPLY, op).u16(8));
            case EXIT -> new ExitReply(result);
            default -> null;
        };
    }
}
