package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by DaemonConfigFuzzTest: a configuration file that is not UTF-8 text (here a Latin-1 byte in a path) makes
 * {@link ConfigFile#read} throw tomlj's MalformedInputException, whose whole message is "Input length = 1": no
 * file, no line, no hint. It must be refused like any other bad file, naming the file (fixed; the fuzz target now
 * writes raw bytes).
 */
class ConfigFileNotUtf8Test {

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dot4.toml");
        Files.write(file, new byte[] {'c', 'o', 'n', 't', 'r', 'o', 'l', '-', 's', 'o', 'c', 'k', 'e', 't', ' ', '=', ' ',
                '"', '/', 't', 'm', 'p', '/', (byte) 0xBB, '"', '\n'});
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("office=usb:auto"), List.of(), Optional.of(file),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("UTF-8");
    }
}
