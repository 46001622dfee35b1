package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool in a directory others can write to: planted names are never followed or replaced, empty jobs leave nothing. */
class SpoolTest {

    @TempDir
    Path temp;
    Path dir;

    /** A file outside the spool that planted links point at. */
    private Path victim() throws Exception {
        return Files.writeString(temp.resolve("victim"), "precious");
    }

    @org.junit.jupiter.api.BeforeEach
    void spoolDirectory() throws Exception {
        dir = Files.createDirectory(temp.resolve("spool"));
    }

    private static Path spoolJob(Spool spool, String text) throws Exception {
        Spool.Job job = spool.newJob();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        job.write(bytes, 0, bytes.length);
        return job.finish(true);
    }

    @Test
    void aSymlinkPlantedAtTheNextJobNamesIsNotFollowedAndTheJobTakesAnotherNumber() throws Exception {
        Path victim = victim();
        Spool spool = new Spool(dir);
        Files.createSymbolicLink(dir.resolve("job-0001.prn.part"), victim);
        Files.createSymbolicLink(dir.resolve("job-0002.prn"), victim);

        Path job = spoolJob(spool, "the job");

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(job).isEqualTo(dir.resolve("job-0003.prn"));
        assertThat(Files.readString(job)).isEqualTo("the job");
        assertThat(Files.isSymbolicLink(dir.resolve("job-0001.prn.part"))).isTrue();
        assertThat(Files.isSymbolicLink(dir.resolve("job-0002.prn"))).isTrue();
    }

    @Test
    void aNamePlantedAtTheFinalNameWhileTheJobIsWrittenIsNotReplaced() throws Exception {
        Path victim = victim();
        Spool spool = new Spool(dir);
        Spool.Job job = spool.newJob();
        job.write(new byte[] {'x'}, 0, 1);
        Path planted = Files.createSymbolicLink(dir.resolve("job-0001.prn"), victim);

        Path published = job.finish(true);

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(planted)).as("the planted link is still there").isTrue();
        assertThat(published).isEqualTo(dir.resolve("job-0002.prn"));
        assertThat(Files.readString(published)).isEqualTo("x");
        assertThat(dir.resolve("job-0001.prn.part")).doesNotExist();
    }

    @Test
    void aJobWithoutDataLeavesNoFile() throws Exception {
        Spool spool = new Spool(dir);
        for (int i = 0; i < 100; i++) {
            Spool.Job job = spool.newJob();
            job.finish(i % 2 == 0);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(spool.finished()).isEmpty();
        assertThat(spoolJob(spool, "data")).as("numbers are not used up by empty channels").isEqualTo(dir.resolve("job-0001.prn"));
    }

    @Test
    void aCutJobIsPublishedIncompleteWithoutReplacingAPlantedName() throws Exception {
        Path victim = victim();
        Spool spool = new Spool(dir);
        Spool.Job job = spool.newJob();
        job.write(new byte[] {'c', 'u', 't'}, 0, 3);
        Files.createSymbolicLink(dir.resolve("job-0001.prn.incomplete"), victim);

        Path published = job.finish(false);

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(published).isEqualTo(dir.resolve("job-0002.prn.incomplete"));
        assertThat(Files.readString(published)).isEqualTo("cut");
        assertThat(Files.exists(dir.resolve("job-0001.prn.incomplete"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
