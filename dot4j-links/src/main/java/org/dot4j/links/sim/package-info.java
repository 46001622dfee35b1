/**
 * A simulated link for tests and benchmarks: {@link org.dot4j.links.sim.SimulatedLink} moves bytes in real time
 * with the bandwidth, latency, chunking and faults of a {@link org.dot4j.links.sim.LinkProfile}, reproducibly for a
 * given seed.
 */
package org.dot4j.links.sim;
