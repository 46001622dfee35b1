/**
 * Stream-socket links: {@link org.dot4j.links.net.SocketLink} (TCP and Unix domain connections) and
 * {@link org.dot4j.links.net.SocketListener} ({@code tcp-listen} and {@code unix-listen}).
 */
package org.dot4j.links.net;
