package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket is private from the moment its path exists: a watcher polling the path as fast as it can
 * while the server binds never sees another mode (before, the socket appeared with the umask's mode, 0755 here,
 * until a chmod a few milliseconds later).
 */
class ControlSocketModeTest {
    private static final int BINDS = 20;

    @TempDir
    Path dir;

    @Test
    void theSocketNeverExistsWithAnyModeButItsOwn() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < BINDS; i++) {
            Path path = dir.resolve("control" + i + ".sock");
            AtomicBoolean bound = new AtomicBoolean();
            // Polls until the server is bound and the path was seen at least once then: it exists by that time.
            Thread watcher = Thread.ofPlatform().start(() -> {
                Optional<String> mode;
                do {
                    mode = modeOf(path);
                    mode.ifPresent(seen::add);
                } while (!(bound.get() && mode.isPresent()));
            });
            try (ControlServer server = ControlServer.open(path, Optional.empty(), Map.of(), DaemonConfig.Limits.defaults(), () -> "")) {
                bound.set(true);
                watcher.join();
                assertThat(modeOf(server.path())).contains("rw-------");
            }
        }
        assertThat(seen).containsOnly("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging directory is left").noneMatch(n -> n.startsWith("."));
        }
    }

    private static Optional<String> modeOf(Path path) {
        try {
            return Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
