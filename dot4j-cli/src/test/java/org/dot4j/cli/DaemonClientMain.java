package org.dot4j.cli;

import java.nio.file.Path;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.daemon.DaemonClient;

/** A control-socket client in its own process: prints to PRINT forever, until it is killed (DaemonIT). */
public final class DaemonClientMain {

    private DaemonClientMain() {}

    /** Arguments: control socket path. Prints "writing" once its channel is open. */
    public static void main(String[] args) throws Exception {
        try (DaemonClient client = DaemonClient.connect(Path.of(args[0]), "")) {
            int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 16384, 16384)).hostSocketId();
            int handle = client.openChannel(socket, false);
            byte[] chunk = new byte[64 * 1024];
            System.out.println("writing");
            System.out.flush();
            while (true) {
                client.write(handle, chunk, 0, chunk.length, Dot4Constants.INFINITE);
            }
        }
    }
}
