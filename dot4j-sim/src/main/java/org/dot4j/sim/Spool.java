package org.dot4j.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spool directory: each print job is written to {@code job-NNNN.prn.part} and renamed when it ends, to
 * {@code job-NNNN.prn} when the host closed the channel, or {@code job-NNNN.prn.incomplete} when the host vanished
 * or restarted mid-job; watchers of the directory therefore only ever see whole files. Numbers continue from the
 * highest already in the directory.
 *
 * <p>Thread-safe.
 */
final class Spool {

    /** Job files of any state: the number is group 1. */
    private static final Pattern JOB_FILE = Pattern.compile("job-(\\d+)\\.prn(\\.part|\\.incomplete)?");
    static final String PART_SUFFIX = ".part";
    static final String INCOMPLETE_SUFFIX = ".incomplete";

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

    /** One job being written. */
    final class Job implements AutoCloseable {
        final Path finalPath;
        private final Path partPath;
        private final OutputStream out;
        private long bytes;
        private boolean ended;

        private Job(int number) throws IOException {
            finalPath = directory.resolve(String.format("job-%04d.prn", number));
            partPath = directory.resolve(finalPath.getFileName() + PART_SUFFIX);
            out = Files.newOutputStream(partPath);
        }

        void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
            bytes += length;
        }

        long bytes() {
            return bytes;
        }

        /** Renames the file to its final name ({@code complete}) or the incomplete one; returns the path. */
        Path finish(boolean complete) throws IOException {
            ended = true;
            out.close();
            Path target = complete ? finalPath : directory.resolve(finalPath.getFileName() + INCOMPLETE_SUFFIX);
            Files.move(partPath, target, StandardCopyOption.ATOMIC_MOVE);
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
    }

    /** Starts the next job. */
    Job newJob() throws IOException {
        int number;
        synchronized (this) {
            number = ++lastNumber;
        }
        return new Job(number);
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
