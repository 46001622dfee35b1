/**
 * The conformance suite behind {@code dot4 conform}: numbered cases by reference section ({@link
 * org.dot4j.conform.PeripheralSuite}, {@link org.dot4j.conform.HostSuite}) that judge a peer by raw bytes through the
 * wire codecs ({@link org.dot4j.conform.Wire}), never through dot4j's engine; a {@link org.dot4j.conform.Runner} that
 * gives each case a fresh link, the host role's {@link org.dot4j.conform.HostJudge}, and text and JUnit reports.
 */
package org.dot4j.conform;
