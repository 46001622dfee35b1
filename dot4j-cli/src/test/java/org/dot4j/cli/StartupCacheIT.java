package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The build's training step (./dot4 with DOT4_TRAIN, before these tests) rewrote the jar's pre-Java-6 classes
 * (picocli's) so the ahead-of-time cache holds them: every class of the jar is version 50 or later, and a start
 * loads picocli from the cache, not from the jar.
 */
@Timeout(120)
class StartupCacheIT {

    private static final Path JAR = Path.of("target/dot4.jar");

    @Test
    void theJarHoldsNoClassOlderThanJava6() throws Exception {
        List<String> old = new ArrayList<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    try (InputStream in = zip.getInputStream(e); DataInputStream data = new DataInputStream(in)) {
                        data.readInt(); // magic
                        data.readUnsignedShort(); // minor
                        if (data.readUnsignedShort() < 50) {
                            old.add(e.getName());
                        }
                    }
                }
            }
        }
        assertThat(old).as("classes older than version 50 in " + JAR).isEmpty();
    }

    @Test
    void aStartLoadsPicocliFromTheCache() throws Exception {
        Dot4Process.Result r = Dot4Process.runWithEnv(60, Map.of("DOT4_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsPattern("picocli\\.CommandLine source: shared objects file")
                .doesNotContainPattern("picocli\\.CommandLine source: (file|jar):");
    }
}
