package org.dot4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.IoResult;
import org.dot4j.daemon.EpsonStatus;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;
import org.dot4j.driver.ServiceDiscovery;
import org.dot4j.sim.SimConfig;
import org.dot4j.sim.SimulatedPeripheral;
import org.dot4j.wire.Revision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 demo}: the whole stack against the built-in simulated peripheral, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Show dot4j at work against a simulated peripheral in this process.",
            "Probes a simulated multifunction peripheral, prints a sample file through PRINT and checks the spooled "
                + "copy byte for byte, runs an ECHO round trip and shows the Epson status table. Needs nothing but the "
                + "build, and leaves no files behind."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path spool = Files.createTempDirectory("dot4-demo-spool");
        try {
            return run(spec.commandLine().getOut(), spool);
        } finally {
            TempTrees.delete(spool); // the demo leaves nothing behind
        }
    }

    private int run(PrintWriter out, Path spool) throws Exception {
        MemoryLink[] link = MemoryLink.pair("demo");
        int passed = 0;
        try (SimulatedPeripheral sim = SimulatedPeripheral.serveLink(link[1], SimConfig.defaults(spool));
             Dot4Host host = Dot4Host.connect(link[0], HostOptions.defaults());
             HostClient client = host.newClient("dot4 demo")) {
            out.println("1. probe: conversation up over " + host.linkName() + ", revision " + Revision.describe(host.revision()));
            List<ServiceDiscovery.Service> found = ServiceDiscovery.discover(host, List.of()).services();
            Table services = new Table("SOCKET", "SERVICE");
            found.forEach(service -> services.row(service.socket(), service.name()));
            services.print(out);
            out.flush();
            passed += found.size() >= 4 ? 1 : 0;

            byte[] sample = sampleDocument();
            int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 16384, 16384)).hostSocketId();
            int handle = client.openChannel(socket, false);
            long start = System.nanoTime();
            client.write(handle, sample, 0, sample.length, 10_000);
            client.closeChannel(handle);
            client.destroySocket(socket);
            List<Path> jobs = sim.awaitJobs(1, Duration.ofSeconds(10));
            Path job = jobs.stream().max(Comparator.naturalOrder()).orElseThrow();
            boolean identical = Arrays.equals(Files.readAllBytes(job), sample);
            out.printf("2. PRINT: %d bytes in %.1f ms, spooled to %s (removed at the end): %s%n", sample.length, (System.nanoTime() - start) / 1e6,
                    job, identical ? "identical" : "DIFFERENT");
            passed += identical ? 1 : 0;

            byte[] message = new byte[256];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte) i;
            }
            int echoSocket = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId();
            int echo = client.openChannel(echoSocket, false);
            start = System.nanoTime();
            client.write(echo, message, 0, message.length, 10_000);
            byte[] back = new byte[512];
            IoResult r = client.read(echo, back, 0, back.length, 10_000);
            boolean echoed = r.bytes() == message.length && Arrays.equals(Arrays.copyOf(back, r.bytes()), message);
            out.printf("3. ECHO: %d-byte message (every byte value) back in %.2f ms: %s%n", message.length,
                    (System.nanoTime() - start) / 1e6, echoed ? "identical" : "DIFFERENT (" + r + ")");
            client.closeChannel(echo);
            client.destroySocket(echoSocket);
            passed += echoed ? 1 : 0;

            EpsonStatus status = StatusCommand.query(client, () -> ServiceDiscovery.discover(host, List.of()).services(), 10_000);
            out.println("4. EPSON-CTRL status: " + status.statusText());
            Table inks = new Table("INK", "LEVEL");
            status.inks().forEach(i -> inks.row(i.colour(), i.level() + "%"));
            out.flush();
            inks.print(out);
            passed += status.inks().isEmpty() ? 0 : 1;
        }
        out.println();
        if (passed == 4) {
            out.println("demo passed: 4 of 4 steps");
            return ExitCode.OK;
        }
        out.println("demo FAILED: " + passed + " of 4 steps passed");
        return ExitCode.CHECK_FAILED;
    }

    /** A deterministic sample job: PJL around a page of text, about 200 KiB. */
    static byte[] sampleDocument() {
        StringBuilder sb = new StringBuilder("\u001b%-12345X@PJL JOB NAME=\"dot4j demo\"\r\n@PJL ENTER LANGUAGE=PCL\r\n");
        for (int line = 0; line < 3000; line++) {
            sb.append(String.format("%05d The quick brown fox jumps over the lazy dog; 1284.4 carries this line.%n", line));
        }
        sb.append("\u001b%-12345X@PJL EOJ\r\n\u001b%-12345X");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
