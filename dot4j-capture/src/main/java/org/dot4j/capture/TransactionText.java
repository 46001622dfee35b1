package org.dot4j.capture;

import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;

/** One-line descriptions of transactions, in the reference's names (§3.1), as the listing and the JSON show them. */
final class TransactionText {

    private TransactionText() {}

    /** E.g. "OpenChannel 2/2 size 16384/16384 max-credit 65535", "GetSocketID reply SUCCESS PRINT=2". */
    static String describe(Transaction t) {
        return switch (t) {
            case Init i -> "Init rev " + Revision.describe(i.revision());
            case OpenChannel o -> "OpenChannel " + pair(o.primarySocket(), o.secondarySocket()) + " size "
                    + o.maxPrimaryToSecondary() + "/" + o.maxSecondaryToPrimary() + " max-credit " + o.maxOutstandingCredit()
                    + (o.creditRequested() > 0 ? " requested " + o.creditRequested() : "");
            case CloseChannel c -> "CloseChannel " + pair(c.primarySocket(), c.secondarySocket())
                    + (c.closingMode() != 0 ? " mode " + c.closingMode() : "");
            case Credit c -> "Credit " + pair(c.primarySocket(), c.secondarySocket()) + " +" + c.credit();
            case CreditRequest c -> "CreditRequest " + pair(c.primarySocket(), c.secondarySocket())
                    + (c.creditRequested() > 0 ? " requested " + c.creditRequested() : "")
                    + (c.maxOutstandingCredit() > 0 ? " max-credit " + c.maxOutstandingCredit() : "");
            case Exit e -> "Exit";
            case GetSocketId g -> "GetSocketID " + g.serviceName();
            case GetServiceName g -> "GetServiceName socket " + g.socketId();
            case EpsonPacking e -> "EpsonPacking (Epson entry packet)";
            case ErrorPacket e -> "Error " + pair(e.primarySocket(), e.secondarySocket()) + " " + error(e.code());
            case ConfigSocket c -> "ConfigSocket " + c.socket() + " size " + c.maxHostToPeripheral() + "/"
                    + c.maxPeripheralToHost();
            case MlcOpenChannel o -> "OpenChannel " + pair(o.hostSocket(), o.peripheralSocket()) + " credit " + o.credit();
            case InitReply r -> reply("Init", r.result()) + " rev " + Revision.describe(r.revision());
            case OpenChannelReply r -> reply("OpenChannel", r.result()) + " " + pair(r.primarySocket(), r.secondarySocket())
                    + (r.succeeded() ? " size " + r.maxPrimaryToSecondary() + "/" + r.maxSecondaryToPrimary()
                    + " credit " + r.credit() : "");
            case CloseChannelReply r -> reply("CloseChannel", r.result()) + sockets(r.primarySocket(), r.secondarySocket());
            case CreditReply r -> reply("Credit", r.result()) + sockets(r.primarySocket(), r.secondarySocket());
            case CreditRequestReply r -> reply("CreditRequest", r.result()) + sockets(r.primarySocket(), r.secondarySocket())
                    + " credit " + r.credit();
            case ExitReply r -> reply("Exit", r.result());
            case GetSocketIdReply r -> reply("GetSocketID", r.result())
                    + (r.succeeded() ? " " + r.serviceName() + "=" + r.socketId() : "");
            case GetServiceNameReply r -> reply("GetServiceName", r.result()) + " socket " + r.socketId()
                    + (r.serviceName().isEmpty() ? "" : " " + r.serviceName());
            case ConfigSocketReply r -> reply("ConfigSocket", r.result())
                    + (r.succeeded() ? " size " + r.maxHostToPeripheral() + "/" + r.maxPeripheralToHost() : "");
            case MlcOpenChannelReply r -> reply("OpenChannel", r.result()) + (r.succeeded() ? " credit " + r.credit() : "");
            case EpsonPackingReply r -> reply("EpsonPacking", r.result());
        };
    }

    /** "0x81 NO_CREDIT (packet received for which no credit had been granted)". */
    static String error(int code) {
        ErrorCode e = ErrorCode.fromWire(code);
        return String.format("0x%02X %s (%s)", code, e.name(), e.meaning());
    }

    private static String reply(String name, ResultCode result) {
        return name + " reply " + result.name();
    }

    private static String pair(int psid, int ssid) {
        return psid + "/" + ssid;
    }

    /** Sockets of a reply, omitted when 0/0 (MLC replies name none). */
    private static String sockets(int psid, int ssid) {
        return psid == 0 && ssid == 0 ? "" : " " + pair(psid, ssid);
    }
}
