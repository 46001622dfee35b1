/**
 * Real links for the dot4j driver, opened by URI.
 *
 * <p>{@link org.dot4j.links.LinkUri} parses the URI forms (its {@code ACCEPTED_FORMS} lists them) and
 * {@link org.dot4j.links.Links} opens them: {@code connect} for hosts, {@code listen} for peripherals. The kinds live in
 * sub-packages: {@code net} (TCP and Unix sockets), {@code sim} (a seeded simulated link for tests and benchmarks),
 * {@code tty}, {@code usb} and {@code gadget}.
 */
package org.dot4j.links;
