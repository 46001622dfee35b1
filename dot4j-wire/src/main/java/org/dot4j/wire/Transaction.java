package org.dot4j.wire;

import java.util.Objects;

/**
 * Everything that travels on the transaction channel (socket 0): commands, their replies and the
 * Error packet, as immutable values checked on construction (reference §3, §6.1). Layout differences
 * between revisions 0x20 and 0x10 are {@link TransactionCodec}'s business, those of HP MLC {@link MlcCodec}'s;
 * these values hold the union of fields. MLC shares the records whose fields mean the same (Init, CloseChannel,
 * Credit, CreditRequest, Exit, the Error packet and their replies; fields MLC lacks decode as 0) and has its own
 * for ConfigSocket and for OpenChannel, whose MLC form carries a credit and no sizes.
 */
public sealed interface Transaction {

    /** The opcode this transaction belongs to (a reply names its command's opcode). */
    Opcode opcode();

    /** A command: expects a reply, except {@link ErrorPacket}. */
    sealed interface Command extends Transaction {}

    /** A reply to a command: opcode with 0x80 set, then a result byte. */
    sealed interface Reply extends Transaction {
        /** The result byte. */
        ResultCode result();

        /** True when {@link #result()} is success. */
        default boolean succeeded() {
            return result() == ResultCode.SUCCESS;
        }
    }

    /** Init: start (or restart) the conversation with a protocol revision. */
    record Init(int revision) implements Command {
        public Init {
            Checks.u8("revision", revision);
        }

        @Override
        public Opcode opcode() {
            return Opcode.INIT;
        }
    }

    /**
     * OpenChannel. Sizes include the header; 0 disables a direction. {@code creditRequested} exists only
     * in the 0x10 layout (EC's name for bytes 13–14; every Epson host sends 0).
     */
    record OpenChannel(int primarySocket, int secondarySocket, int maxPrimaryToSecondary,
                       int maxSecondaryToPrimary, int maxOutstandingCredit, int creditRequested) implements Command {
        public OpenChannel {
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u16("max primary-to-secondary packet size", maxPrimaryToSecondary);
            Checks.u16("max secondary-to-primary packet size", maxSecondaryToPrimary);
            Checks.u16("max outstanding credit", maxOutstandingCredit);
            Checks.u16("credit requested", creditRequested);
        }

        @Override
        public Opcode opcode() {
            return Opcode.OPEN_CHANNEL;
        }
    }

    /** CloseChannel; {@code closingMode} exists only in the 0x10 layout (0 normal, 1 flush). */
    record CloseChannel(int primarySocket, int secondarySocket, int closingMode) implements Command {
        public CloseChannel {
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u8("closing mode", closingMode);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CLOSE_CHANNEL;
        }
    }

    /** Credit: grants {@code credit} packets on the channel to the receiver of this command. */
    record Credit(int primarySocket, int secondarySocket, int credit) implements Command {
        public Credit {
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u16("credit", credit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CREDIT;
        }
    }

    /**
     * CreditRequest. The 0x20 layout carries only MaximumOutstandingCredit (decoded with
     * {@code creditRequested} 0); the 0x10 layout carries both (Epson sends 0x0080, 0xFFFF).
     */
    record CreditRequest(int primarySocket, int secondarySocket, int creditRequested, int maxOutstandingCredit)
            implements Command {
        public CreditRequest {
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u16("credit requested", creditRequested);
            Checks.u16("max outstanding credit", maxOutstandingCredit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CREDIT_REQUEST;
        }
    }

    /** Exit: end the conversation. */
    record Exit() implements Command {
        @Override
        public Opcode opcode() {
            return Opcode.EXIT;
        }
    }

    /** GetSocketID: which socket serves this name (1..40 ASCII bytes). */
    record GetSocketId(String serviceName) implements Command {
        public GetSocketId {
            Checks.serviceName(serviceName);
        }

        @Override
        public Opcode opcode() {
            return Opcode.GET_SOCKET_ID;
        }
    }

    /** GetServiceName: which name does this socket serve. */
    record GetServiceName(int socketId) implements Command {
        public GetServiceName {
            Checks.u8("socket id", socketId);
        }

        @Override
        public Opcode opcode() {
            return Opcode.GET_SERVICE_NAME;
        }
    }

    /**
     * Epson's entry packet (§7.3): a 27-byte transaction with control 0x40 whose tail reads as EJL.
     * {@code tail} is the ASCII after the command byte.
     */
    record EpsonPacking(String tail) implements Command {
        /** The tail every Epson host sends: "JL 1284.4\n@EJL\n@EJL\n". */
        public static final String ENTRY_TAIL = "JL 1284.4\n@EJL\n@EJL\n";

        public EpsonPacking {
            Objects.requireNonNull(tail, "tail");
        }

        /** The standard entry packet. */
        public static EpsonPacking entry() {
            return new EpsonPacking(ENTRY_TAIL);
        }

        @Override
        public Opcode opcode() {
            return Opcode.EPSON_PACKING;
        }
    }

    /** The Error packet: reports a bad packet; has no reply. */
    record ErrorPacket(int primarySocket, int secondarySocket, int code) implements Command {
        public ErrorPacket {
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u8("error code", code);
        }

        /** An Error packet about a channel. */
        public static ErrorPacket of(ErrorCode code, int primarySocket, int secondarySocket) {
            return new ErrorPacket(primarySocket, secondarySocket, code.wire());
        }

        /** The code as a value of the table, {@link ErrorCode#UNKNOWN} when outside it. */
        public ErrorCode errorCode() {
            return ErrorCode.fromWire(code);
        }

        @Override
        public Opcode opcode() {
            return Opcode.ERROR;
        }
    }

    /**
     * MLC ConfigSocket (reference §6.1): packet sizes of one socket, sent by the host once per socket and session
     * before the first OpenChannel on it. Sizes include the header. {@code statusLevel} is undocumented (HP1
     * sends 0 with the comment "status level??", §13).
     */
    record ConfigSocket(int socket, int maxHostToPeripheral, int maxPeripheralToHost, int statusLevel) implements Command {
        public ConfigSocket {
            Checks.u8("socket", socket);
            Checks.u16("max host-to-peripheral packet size", maxHostToPeripheral);
            Checks.u16("max peripheral-to-host packet size", maxPeripheralToHost);
            Checks.u8("status level", statusLevel);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CONFIG_SOCKET;
        }
    }

    /**
     * MLC OpenChannel (§6.1): the socket pair and a credit field, no sizes (ConfigSocket set them). HP1 sends
     * credit 0 ("credit sender will accept from receiver"); what a non-zero value grants is not documented.
     */
    record MlcOpenChannel(int hostSocket, int peripheralSocket, int credit) implements Command {
        public MlcOpenChannel {
            Checks.u8("host socket", hostSocket);
            Checks.u8("peripheral socket", peripheralSocket);
            Checks.u16("credit", credit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.OPEN_CHANNEL;
        }
    }

    /** InitReply: result and the revision the peer speaks. */
    record InitReply(ResultCode result, int revision) implements Reply {
        public InitReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("revision", revision);
        }

        @Override
        public Opcode opcode() {
            return Opcode.INIT;
        }
    }

    /**
     * OpenChannelReply: granted sizes and the credit the replier grants to the opener.
     * {@code maxOutstandingCredit} exists only in the 0x20 layout.
     */
    record OpenChannelReply(ResultCode result, int primarySocket, int secondarySocket, int maxPrimaryToSecondary,
                            int maxSecondaryToPrimary, int maxOutstandingCredit, int credit) implements Reply {
        public OpenChannelReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u16("max primary-to-secondary packet size", maxPrimaryToSecondary);
            Checks.u16("max secondary-to-primary packet size", maxSecondaryToPrimary);
            Checks.u16("max outstanding credit", maxOutstandingCredit);
            Checks.u16("credit", credit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.OPEN_CHANNEL;
        }
    }

    /** CloseChannelReply. */
    record CloseChannelReply(ResultCode result, int primarySocket, int secondarySocket) implements Reply {
        public CloseChannelReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CLOSE_CHANNEL;
        }
    }

    /** CreditReply. */
    record CreditReply(ResultCode result, int primarySocket, int secondarySocket) implements Reply {
        public CreditReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CREDIT;
        }
    }

    /** CreditRequestReply: the credit granted to the requester. */
    record CreditRequestReply(ResultCode result, int primarySocket, int secondarySocket, int credit) implements Reply {
        public CreditRequestReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("primary socket", primarySocket);
            Checks.u8("secondary socket", secondarySocket);
            Checks.u16("credit", credit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CREDIT_REQUEST;
        }
    }

    /** ExitReply. */
    record ExitReply(ResultCode result) implements Reply {
        public ExitReply {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public Opcode opcode() {
            return Opcode.EXIT;
        }
    }

    /** GetSocketIDReply: the socket and the name echoed (empty when the peer did not echo it). */
    record GetSocketIdReply(ResultCode result, int socketId, String serviceName) implements Reply {
        public GetSocketIdReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("socket id", socketId);
            Objects.requireNonNull(serviceName, "serviceName");
        }

        @Override
        public Opcode opcode() {
            return Opcode.GET_SOCKET_ID;
        }
    }

    /** GetServiceNameReply: the socket and its name. */
    record GetServiceNameReply(ResultCode result, int socketId, String serviceName) implements Reply {
        public GetServiceNameReply {
            Objects.requireNonNull(result, "result");
            Checks.u8("socket id", socketId);
            Objects.requireNonNull(serviceName, "serviceName");
        }

        @Override
        public Opcode opcode() {
            return Opcode.GET_SERVICE_NAME;
        }
    }

    /** MLC ConfigSocketReply (§6.1): the sizes the peripheral agreed to, and the status level. */
    record ConfigSocketReply(ResultCode result, int maxHostToPeripheral, int maxPeripheralToHost, int statusLevel)
            implements Reply {
        public ConfigSocketReply {
            Objects.requireNonNull(result, "result");
            Checks.u16("max host-to-peripheral packet size", maxHostToPeripheral);
            Checks.u16("max peripheral-to-host packet size", maxPeripheralToHost);
            Checks.u8("status level", statusLevel);
        }

        @Override
        public Opcode opcode() {
            return Opcode.CONFIG_SOCKET;
        }
    }

    /** MLC OpenChannelReply (§6.1): no sockets, no sizes; the credit becomes the host's send credit. */
    record MlcOpenChannelReply(ResultCode result, int credit) implements Reply {
        public MlcOpenChannelReply {
            Objects.requireNonNull(result, "result");
            Checks.u16("credit", credit);
        }

        @Override
        public Opcode opcode() {
            return Opcode.OPEN_CHANNEL;
        }
    }

    /** The answer to Epson's entry packet. */
    record EpsonPackingReply(ResultCode result) implements Reply {
        public EpsonPackingReply {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public Opcode opcode() {
            return Opcode.EPSON_PACKING;
        }
    }
}
