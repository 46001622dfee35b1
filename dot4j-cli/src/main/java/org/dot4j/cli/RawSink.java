package org.dot4j.cli;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The raw baseline of {@code dot4 bench}'s process row, run as a process of its own: accepts one connection on a
 * Unix socket, writes what arrives to a file, then closes, so the sender sees end of stream once all is on file.
 * Usage: {@code java -cp dot4.jar org.dot4j.cli.RawSink SOCKET FILE}.
 */
final class RawSink {
    private RawSink() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel in = server.accept();
                 FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
                while (in.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                    buf.clear();
                }
            }
        }
    }
}
