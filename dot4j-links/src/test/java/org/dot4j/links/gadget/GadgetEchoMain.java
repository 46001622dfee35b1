package org.dot4j.links.gadget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The peripheral of the usb-e2e guest test (usb-e2e/tests/gadget-echo.sh): serves a FunctionFS mount and
 * echoes every byte the host writes back to it, one link after another.
 *
 * <p>Usage: {@code GadgetEchoMain FFS_MOUNT [DEVICE_ID]}. Prints one line per milestone to stdout
 * ({@code ready}, {@code link accepted}, {@code link ended after N bytes: EXCEPTION}) for the script to wait on.
 */
public final class GadgetEchoMain {

    private GadgetEchoMain() {}

    /** Runs until killed. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: GadgetEchoMain FFS_MOUNT [DEVICE_ID]");
            System.exit(2);
        }
        GadgetOptions options = GadgetOptions.defaults();
        if (args.length == 2) {
            options = options.withDeviceId(args[1]);
        }
        try (GadgetListener listener = GadgetListener.open(Path.of(args[0]), options)) {
            say("ready " + listener.address());
            while (true) {
                GadgetLink link = listener.accept();
                say("link accepted " + link.describe());
                echo(link);
            }
        }
    }

    private static void echo(GadgetLink link) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long echoed = 0;
        try (link) {
            while (true) {
                buffer.clear();
                link.read(buffer);
                buffer.flip();
                echoed += buffer.remaining();
                link.write(buffer);
            }
        } catch (IOException e) {
            say("link ended after " + echoed + " bytes: " + e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
