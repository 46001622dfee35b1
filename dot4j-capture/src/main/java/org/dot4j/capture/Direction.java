package org.dot4j.capture;

/** Which way bytes went on a 1284.4 link: from the host (primary) or from the peripheral (secondary). */
public enum Direction {
    /** Host to peripheral: USB bulk OUT, the TCP client's bytes, what a host wrote. */
    HOST_TO_PERIPHERAL("H>P"),
    /** Peripheral to host: USB bulk IN, the TCP server's bytes, what a host read. */
    PERIPHERAL_TO_HOST("P>H");

    private final String arrow;

    Direction(String arrow) {
        this.arrow = arrow;
    }

    /** "H>P" or "P>H", for one-line output. */
    public String arrow() {
        return arrow;
    }

    /** The other way. */
    public Direction reverse() {
        return this == HOST_TO_PERIPHERAL ? PERIPHERAL_TO_HOST : HOST_TO_PERIPHERAL;
    }
}
