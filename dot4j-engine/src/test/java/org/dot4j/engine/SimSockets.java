package org.dot4j.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The sockets of one {@link Simulation}: 1..12 services with random modes, buffers and packet sizes (tiny 7..64-byte
 * ones and disabled directions included), and host sockets so that every service can be reached.
 */
record SimSockets(List<LocalSocket> services, List<LocalSocket> hostSockets) {

    static SimSockets random(Random random) {
        List<LocalSocket> services = new ArrayList<>();
        List<LocalSocket> hostSockets = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id <= 255; id++) {
            ids.add(id);
        }
        Collections.shuffle(ids, random);
        for (int i = random.nextInt(12); i >= 0; i--) {
            int id = ids.remove(0);
            services.add(randomSocket(random, id, "SVC" + id, randomMode(random)));
        }
        // At least one host socket per mode the services use, so every service can be reached.
        for (ChannelMode mode : ChannelMode.values()) {
            if (services.stream().anyMatch(s -> s.mode() == mode)) {
                hostSockets.add(randomSocket(random, ids.remove(0), "", mode));
            }
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            hostSockets.add(randomSocket(random, ids.remove(0), "", randomMode(random)));
        }
        return new SimSockets(services, hostSockets);
    }

    private static ChannelMode randomMode(Random random) {
        return random.nextBoolean() ? ChannelMode.STREAM : ChannelMode.PACKET;
    }

    private static LocalSocket randomSocket(Random random, int id, String name, ChannelMode mode) {
        int send = packetSize(random);
        int receive = packetSize(random);
        if (send == 0 && receive == 0) {
            receive = 7 + random.nextInt(58);
        }
        int payload = Math.max(1, receive - 6);
        return new LocalSocket(id, name, mode, payload * (1 + random.nextInt(6)) + random.nextInt(payload), send, receive, true);
    }

    /** 0 (direction disabled) now and then, many tiny packets, and the rest up to 65535. */
    private static int packetSize(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1, 2, 3, 4, 5, 6 -> 7 + random.nextInt(58);
            case 7, 8, 9, 10 -> 65 + random.nextInt(4032);
            case 11, 12, 13, 14, 15 -> 4097 + random.nextInt(12288);
            default -> 16385 + random.nextInt(65535 - 16384);
        };
    }

    /** The same sockets, each with the sizes and buffer of the first socket of its mode (MLC: sizes are per service). */
    static List<LocalSocket> sizedAlikePerMode(List<LocalSocket> sockets) {
        List<LocalSocket> alike = new ArrayList<>();
        for (LocalSocket s : sockets) {
            LocalSocket first = sockets.stream().filter(f -> f.mode() == s.mode()).findFirst().orElseThrow();
            alike.add(new LocalSocket(s.id(), s.serviceName(), s.mode(), first.bufferSize(), first.maxSendPacket(),
                    first.maxReceivePacket(), s.acceptsChannels()));
        }
        return alike;
    }

    /** The highest socket id no service has (there are at most 12). */
    static int unusedServiceId(List<LocalSocket> services) {
        List<Integer> used = services.stream().map(LocalSocket::id).toList();
        int id = 255;
        while (used.contains(id)) {
            id--;
        }
        return id;
    }
}
