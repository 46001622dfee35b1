package org.dot4j.engine;

/**
 * What {@link LinkEngine#read} copied.
 *
 * @param bytes bytes copied
 * @param endOfMessage on a packet channel, the bytes completed a message
 * @param endOfChannel the channel is closed and nothing is left to read
 */
public record ReadResult(int bytes, boolean endOfMessage, boolean endOfChannel) {}
