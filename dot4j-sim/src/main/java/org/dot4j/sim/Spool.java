package org.dot4j.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spool directory: each print job is written to {@code job-NNNN.prn.part} and published when it ends, as
 * {@code job-NNNN.prn} when the host closed the channel, or {@code job-NNNN.prn.incomplete} otherwise; watchers of
 * the directory therefore only ever see whole files. Numbers continue from the highest already in the directory.
 *
 * <p>The directory may be shared with other users, so no name is ever followed or replaced: the part file is
 * created with {@code O_CREAT|O_EXCL} (a symlink planted at its name is not followed, the name is skipped), and it
 * is published with link(2), which fails rather than replace a file (or symlink) that appeared at the final name.
 * A job file exists only once the first byte arrived: a channel that carried no data leaves nothing behind.
 *
 * <p>Thread-safe.
 */
final class Spool {

    /** Job files of any state: the number is group 1. */
    private static final Pattern JOB_FILE = Pattern.compile("job-(\\d+)\\.prn(\\.part|\\.incomplete)?");
    static final String PART_SUFFIX = ".part";
    static final String INCOMPLETE_SUFFIX = ".incomplete";
    /** Names tried before giving up, so a directory full of planted names fails with an error instead of spinning. */
    private static final int MAX_NAME_ATTEMPTS = 1000;

    private final Path directory;
    private final List<Path> finished = new ArrayList<>();
    private int lastNumber;

    Spool(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            lastNumber = highestNumber(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use spool directory " + directory + ": " + e.getMessage()
                    + "; give a writable directory", e);
        }
    }

    /** One job being written; its file is created by the first {@link #write}. */
    final class Job implements AutoCloseable {
        private Path partPath;
        private OutputStream out;
        private long bytes;
        private boolean ended;

        private Job() {}

        /** Whether the job has a file yet, i.e. whether any byte arrived. */
        boolean started() {
            return out != null;
        }

        /** The part file's name while the job is written, for logs; only once {@link #started()}. */
        String name() {
            return partPath.getFileName().toString();
        }

        void write(byte[] data, int offset, int length) throws IOException {
            if (out == null) {
                open();
            }
            out.write(data, offset, length);
            bytes += length;
        }

        long bytes() {
            return bytes;
        }

        /**
         * Publishes the file as whole ({@code complete}) or incomplete and returns its path; returns null and leaves
         * no file when no byte arrived.
         */
        Path finish(boolean complete) throws IOException {
            ended = true;
            if (out == null) {
                return null;
            }
            out.close();
            String finalName = partPath.getFileName().toString();
            finalName = finalName.substring(0, finalName.length() - PART_SUFFIX.length());
            Path target = publish(partPath, complete ? finalName : finalName + INCOMPLETE_SUFFIX);
            synchronized (Spool.this) {
                finished.add(target);
                Spool.this.notifyAll();
            }
            return target;
        }

        /** Keeps what arrived as incomplete if the job was not finished (a service that failed). */
        @Override
        public void close() throws IOException {
            if (!ended) {
                finish(false);
            }
        }

        /** Creates the next free {@code job-NNNN.prn.part} exclusively, skipping numbers whose names are taken. */
        private void open() throws IOException {
            for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
                String name = String.format("job-%04d.prn", nextNumber());
                if (Files.exists(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)
                        || Files.exists(directory.resolve(name + INCOMPLETE_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path part = directory.resolve(name + PART_SUFFIX);
                try {
                    // O_CREAT|O_EXCL|O_NOFOLLOW: never opens an existing file or a symlink's target
                    out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                    partPath = part;
                    return;
                } catch (FileAlreadyExistsException taken) {
                    // someone else's file (or a planted symlink) at this name: take the next number
                }
            }
            throw new IOException("no free job name in " + directory + " after " + MAX_NAME_ATTEMPTS + " tries");
        }
    }

    /** Starts the next job; nothing is written to the directory before its first byte. */
    Job newJob() {
        return new Job();
    }

    /** Jobs this spool finished, complete and incomplete, in the order they ended. */
    synchronized List<Path> finished() {
        return List.copyOf(finished);
    }

    /** Waits until {@code count} jobs have finished; returns them. */
    synchronized List<Path> awaitFinished(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("only " + finished.size() + " of " + count + " print jobs arrived in "
                        + directory + " within " + timeout.toMillis() + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(finished);
    }

    /**
     * Gives {@code part} the name {@code wanted} without replacing anything there; when that name was taken in the
     * meantime, the job gets the next free number (with the same suffix) instead.
     */
    private Path publish(Path part, String wanted) throws IOException {
        String suffix = wanted.endsWith(INCOMPLETE_SUFFIX) ? ".prn" + INCOMPLETE_SUFFIX : ".prn";
        String name = wanted;
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path target = directory.resolve(name);
            try {
                Files.createLink(target, part); // link(2) fails with EEXIST instead of replacing the name
                Files.delete(part);
                return target;
            } catch (FileAlreadyExistsException taken) {
                name = String.format("job-%04d", nextNumber()) + suffix;
            }
        }
        throw new IOException("no free name for " + part + " in " + directory + " after " + MAX_NAME_ATTEMPTS + " tries");
    }

    private synchronized int nextNumber() {
        return ++lastNumber;
    }

    private static int highestNumber(Path directory) throws IOException {
        int highest = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "job-*")) {
            for (Path file : files) {
                Matcher m = JOB_FILE.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).length() <= 9) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        }
        return highest;
    }
}
