/**
 * dot4j as a USB printer-class 1284.4 peripheral (interface 7/1/3) through Linux FunctionFS: descriptors,
 * ep0 events, printer class requests, and a {@link org.dot4j.links.gadget.GadgetListener} that hands out one
 * {@link org.dot4j.links.gadget.GadgetLink} per enabled configuration. No native code: plain
 * {@link java.nio.channels.FileChannel}s on the FunctionFS files {@code ep0}, {@code ep1}, {@code ep2}.
 */
package org.dot4j.links.gadget;
