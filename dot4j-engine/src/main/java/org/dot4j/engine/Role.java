package org.dot4j.engine;

/** Which end of the link an engine plays. The host is the 1284.4 primary and sends Init. */
public enum Role {
    /** The primary: owns header byte 0 (PSID), sends Init and Exit. */
    HOST,
    /** The secondary: owns header byte 1 (SSID), answers Init, serves named services. */
    PERIPHERAL
}
