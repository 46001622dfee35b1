package org.dot4j.capture;

/**
 * One breach of a rule, found in a decoded conversation.
 *
 * @param rule the rule, with its reference section
 * @param detail what exactly happened, naming the values ("host held 0 credit on 2/2")
 */
public record Violation(Rule rule, String detail) {

    /** "§5.1 data without credit: host held 0 credit on 2/2 (receiver answers Error 0x81)". */
    @Override
    public String toString() {
        return rule.section() + " " + rule.title() + ": " + detail
                + rule.errorCode().map(c -> String.format(" (receiver answers Error 0x%02X)", c.wire())).orElse("");
    }
}
