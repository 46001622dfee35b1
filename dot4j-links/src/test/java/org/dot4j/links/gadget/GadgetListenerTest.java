package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What GadgetListener says when there is no FunctionFS to serve (the real thing runs in usb-e2e). */
class GadgetListenerTest {

    @TempDir
    Path dir;

    @Test
    void missingEp0SaysToMountFunctionFsFirst() {
        assertThatThrownBy(() -> GadgetListener.open(dir, GadgetOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("ep0") + ": no such file")
                .hasMessageContaining("mount -t functionfs");
    }

    @Test
    void uriWithoutPathIsRefused() {
        assertThatThrownBy(() -> GadgetListener.open(URI.create("usb-gadget:?device-id=x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FunctionFS mount path");
    }
}
