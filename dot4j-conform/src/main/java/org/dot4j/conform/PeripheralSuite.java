package org.dot4j.conform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dot4j.wire.Revision;

/** Every case that judges a peripheral, in the order of the reference's sections. */
public final class PeripheralSuite {

    /** The reference's title of each section that has cases. */
    public static final Map<String, String> SECTIONS = Map.ofEntries(
            Map.entry("1.1", "Length, sizes, limits"),
            Map.entry("1.2", "The Control byte"),
            Map.entry("1.3", "Transaction channel and data channels"),
            Map.entry("1.4", "Reading a stream of packets"),
            Map.entry("2", "Protocol revisions"),
            Map.entry("3.3", "Transactions, revision 0x20"),
            Map.entry("3.4", "Transactions, revision 0x10 (Epson)"),
            Map.entry("3.5", "Result codes"),
            Map.entry("3.6", "Error packet"),
            Map.entry("3.7", "Commands from the peripheral"),
            Map.entry("4.6", "Re-entry and stale state"),
            Map.entry("5.1", "Credit rules"),
            Map.entry("5.2", "Transaction-channel credit"),
            Map.entry("6.1", "HP MLC"),
            Map.entry("7.3", "Epson: entering packet mode"),
            Map.entry("7.6", "Timeouts and delays"));

    private PeripheralSuite() {}

    /** All cases, each id once. */
    public static List<ConformCase> cases() {
        List<ConformCase> all = new ArrayList<>();
        all.addAll(FramingCases.cases());
        all.addAll(TransactionCases.revisions());
        all.addAll(TransactionCases.of("3.3", Revision.IEEE_1284_4));
        all.addAll(TransactionCases.of("3.4", Revision.EPSON_DRAFT));
        all.addAll(ResultCases.cases());
        all.addAll(ErrorCases.cases());
        all.addAll(CreditCases.reentry());
        all.addAll(CreditCases.credit());
        all.addAll(MlcCases.cases());
        all.addAll(LinkCases.entry());
        all.addAll(LinkCases.timing());
        return List.copyOf(all);
    }
}
