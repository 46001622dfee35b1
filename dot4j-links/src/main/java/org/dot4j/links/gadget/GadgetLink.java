package org.dot4j.links.gadget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dot4j.driver.ByteLink;

/**
 * One host session on a FunctionFS printer function: reads come from the bulk OUT endpoint file
 * ({@code ep1}), writes go to the bulk IN endpoint file ({@code ep2}).
 *
 * <p>The link ends when the host disables or unbinds the function, sends SOFT_RESET, or when it is closed;
 * then pending and later reads and writes fail with an {@link IOException} saying why. A new session
 * needs a new link from {@link GadgetListener#accept()}.
 *
 * <p>Threading: one reader and one writer at a time; {@link #close()} and {@link #end} from any thread.
 * Closing a {@link FileChannel} interrupts a thread blocked in it (the kernel wait is interruptible),
 * which is how a blocked read or write is released.
 */
public final class GadgetLink implements ByteLink {

    /** Largest single write; FunctionFS copies each write into one kernel buffer. */
    private static final int MAX_WRITE = 64 * 1024;

    private final FileChannel bulkOut;
    private final FileChannel bulkIn;
    private final String name;
    private final int readSize;
    private volatile String endReason;
    private volatile boolean transferFailed;

    private GadgetLink(FileChannel bulkOut, FileChannel bulkIn, String name, int readSize) {
        this.bulkOut = bulkOut;
        this.bulkIn = bulkIn;
        this.name = name;
        this.readSize = readSize;
    }

    /** Opens the endpoint files {@code outFile} (host to device) and {@code inFile} (device to host). */
    static GadgetLink open(Path outFile, Path inFile, String name, int readSize) throws IOException {
        FileChannel out = FileChannel.open(outFile, StandardOpenOption.READ);
        try {
            return new GadgetLink(out, FileChannel.open(inFile, StandardOpenOption.WRITE), name, readSize);
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Reads what the host sent, at most {@code readSize} bytes per call (see {@link GadgetOptions}).
     * Zero-length packets are skipped. Never returns -1: a USB function has no end of stream, only
     * {@link #end}.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        failIfEnded();
        if (!dst.hasRemaining()) {
            return 0;
        }
        ByteBuffer window = dst.slice(dst.position(), Math.min(dst.remaining(), readSize));
        try {
            int n;
            do {
                n = bulkOut.read(window);
            } while (n == 0);
            dst.position(dst.position() + n);
            return n;
        } catch (IOException e) {
            throw failure("bulk OUT (ep1) read", e);
        }
    }

    /**
     * Writes every byte of {@code src} to the host. The last USB transfer of each call is made to end in
     * a short packet (its length is not a multiple of 64), because FunctionFS sends no zero-length
     * packet: without it a host that reads with a bigger buffer than we sent (usblp reads 1024) would
     * wait for more instead of returning the bytes.
     */
    @Override
    public void write(ByteBuffer src) throws IOException {
        failIfEnded();
        try {
            while (src.hasRemaining()) {
                int chunk = Math.min(src.remaining(), MAX_WRITE);
                if (chunk == src.remaining() && chunk > 1 && chunk % GadgetDescriptors.FULL_SPEED_MAX_PACKET == 0) {
                    chunk--; // the final byte then goes alone, as a short packet
                }
                ByteBuffer piece = src.slice(src.position(), chunk);
                while (piece.hasRemaining()) {
                    bulkIn.write(piece);
                }
                src.position(src.position() + chunk);
            }
        } catch (IOException e) {
            throw failure("bulk IN (ep2) write", e);
        }
    }

    /** Each write is one bulk IN transfer, and HPLIP reads header and body as transfers of exact length. */
    @Override
    public boolean transferPerPacketPart() {
        return true;
    }

    @Override
    public String describe() {
        return name;
    }

    /** Ends the link as closed by this side. */
    @Override
    public void close() {
        end("link closed by the peripheral");
    }

    /** Ends the link: records {@code reason} (the first one wins) and releases blocked reads and writes. */
    void end(String reason) {
        synchronized (this) {
            if (endReason == null) {
                endReason = reason;
            }
        }
        closeQuietly(bulkOut);
        closeQuietly(bulkIn);
    }

    /** True once {@link #end} or {@link #close} ran. */
    boolean isEnded() {
        return endReason != null;
    }

    /** True when the kernel failed a transfer: the endpoints are gone until the host enables them again. */
    boolean failedInTransfer() {
        return transferFailed;
    }

    private void failIfEnded() throws IOException {
        String reason = endReason;
        if (reason != null) {
            throw new IOException(name + ": " + reason);
        }
    }

    /** The exception for a failed transfer: the end reason if the link was ended, else the kernel's error. */
    private IOException failure(String what, IOException cause) {
        String reason = endReason;
        if (reason == null) {
            // The kernel fails pending transfers (ESHUTDOWN) as it disables the endpoints, possibly
            // before our ep0 thread has read the DISABLE event; end the link here so both directions agree.
            transferFailed = true;
            end(what + " failed: " + cause.getMessage()
                    + " (the host disabled, reset or unplugged the function)");
            reason = endReason;
        }
        return new IOException(name + ": " + reason, cause);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing an endpoint file cannot lose data; the link is over either way.
        }
    }
}
