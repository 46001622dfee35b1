/**
 * A simulated IEEE 1284.4 multifunction peripheral ({@link org.dot4j.sim.SimulatedPeripheral}) with print
 * spooling, echo, Epson control (status and identity), scanning of a test image, and a status notifier; its socket
 * layout is {@link org.dot4j.sim.SocketLayout}, its settings {@link org.dot4j.sim.SimConfig}.
 */
package org.dot4j.sim;
