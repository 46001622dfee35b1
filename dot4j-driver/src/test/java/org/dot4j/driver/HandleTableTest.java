package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host's handle table: socket ids as real hosts choose them, handles never 0, each client sees only its own. */
@Timeout(20)
class HandleTableTest {

    Dot4Peripheral peripheral;
    Dot4Host host;
    HostClient alice;
    HostClient bob;
    final HandleTable table = new HandleTable();

    @BeforeEach
    void start() throws Exception {
        MemoryLink[] link = MemoryLink.pair("table");
        peripheral = Dot4Peripheral.start(link[1], List.of(LocalSocket.service(2, "PRINT", ChannelMode.STREAM)));
        host = Dot4Host.connect(link[0], HostOptions.defaults());
        alice = host.newClient("alice");
        bob = host.newClient("bob");
    }

    @AfterEach
    void stop() {
        host.close();
        peripheral.close();
    }

    static NtStatus statusOf(Throwable t) {
        return ((Dot4Exception) t).status();
    }

    @Test
    void aSocketIdIsThePeripheralsWhenFreeElseTheHighestFree() throws Exception {
        assertThat(table.allocateSocketId(2, Set.of())).isEqualTo(2);
        table.addSocket(new HandleTable.Socket(2, 2, "PRINT", ChannelType.STREAM, alice));
        assertThat(table.allocateSocketId(2, Set.of())).isEqualTo(255);
        assertThat(table.allocateSocketId(2, Set.of(255))).as("a channel still known to the engine").isEqualTo(254);
        assertThat(table.allocateSocketId(3, Set.of(3))).isEqualTo(255);
    }

    @Test
    void whenAll255SocketIdsAreTakenAllocationFailsWithInsufficientResources() {
        Set<Integer> all = IntStream.rangeClosed(1, 255).boxed().collect(Collectors.toSet());
        assertThatThrownBy(() -> table.allocateSocketId(2, all))
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(NtStatus.STATUS_INSUFFICIENT_RESOURCES));
    }

    @Test
    void handlesAreUniqueAndNeverZeroAndAnotherClientsHandleIsInvalid() throws Exception {
        HandleTable.Socket socket = new HandleTable.Socket(2, 2, "PRINT", ChannelType.STREAM, alice);
        table.addSocket(socket);
        Set<Integer> seen = new HashSet<>();
        for (long id = 0; id < 200; id++) {
            HandleTable.Channel ch = table.adopt(id, socket, alice);
            assertThat(ch.handle).isNotZero();
            assertThat(seen.add(ch.handle)).isTrue();
            assertThat(table.byChannelId(id)).isSameAs(ch);
        }
        int handle = seen.iterator().next();
        assertThat(table.channel(handle, alice).handle).isEqualTo(handle);
        assertThatThrownBy(() -> table.channel(handle, bob))
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(NtStatus.STATUS_INVALID_HANDLE));
        assertThatThrownBy(() -> table.socket(2, bob))
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(NtStatus.STATUS_INVALID_HANDLE));
        assertThat(table.channelsOf(bob)).isEmpty();
        assertThat(table.inUse(socket)).isTrue();
    }

    @Test
    void aReleasedHandleIsGoneAndItsSocketFree() throws Exception {
        HandleTable.Socket socket = new HandleTable.Socket(2, 2, "PRINT", ChannelType.STREAM, alice);
        table.addSocket(socket);
        HandleTable.Channel ch = table.adopt(7, socket, alice);
        table.release(ch);
        assertThat(table.holds(ch)).isFalse();
        assertThat(table.byChannelId(7)).isNull();
        assertThat(table.inUse(socket)).isFalse();
        assertThatThrownBy(() -> table.channel(ch.handle, alice))
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(NtStatus.STATUS_INVALID_HANDLE));
        assertThat(table.socketsOf(alice)).containsExactly(2);
        table.removeSocket(2);
        assertThat(table.socketsOf(alice)).isEmpty();
    }
}
