package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.dot4j.api.Activity;
import org.dot4j.api.ActivityMessage;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The d4drvif contract every {@link Dot4Device} keeps, run against the in-process host and against the daemon's
 * client: the same calls must give the same results and statuses on both.
 */
@Timeout(30)
abstract class Dot4DeviceContract {

    Dot4Device device;

    /** Starts a device served by a {@link TestPeripheral} and returns a client of it. */
    protected abstract Dot4Device startDevice() throws Exception;

    /** The peripheral behind the device. */
    protected abstract TestPeripheral peripheral();

    /** Stops what {@link #startDevice()} started. */
    protected abstract void stopDevice() throws Exception;

    @BeforeEach
    final void openDevice() throws Exception {
        device = startDevice();
    }

    @AfterEach
    final void closeDevice() throws Exception {
        device.close();
        stopDevice();
    }

    @Test
    void createSocketByNameAndByIdReturnsHostSocketsThatDestroyOnce() throws Exception {
        CreateSocketData byName = device.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 0x7FFF, 4096, 4096));
        CreateSocketData byId = device.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 0x7FFF, 4096, 4096));
        assertThat(byName.hostSocketId()).isBetween(1, 255);
        assertThat(byName.serviceName()).isEqualTo("PRINT");
        assertThat(byId.hostSocketId()).isBetween(1, 255).isNotEqualTo(byName.hostSocketId());
        device.destroySocket(byName.hostSocketId());
        device.destroySocket(byId.hostSocketId());
        assertStatus(() -> device.destroySocket(byId.hostSocketId()), NtStatus.STATUS_INVALID_HANDLE);
    }

    @Test
    void createSocketForAnUnknownServiceFailsWithNotFound() {
        assertStatus(() -> device.createSocket(CreateSocketData.forService("NO-SUCH", ChannelType.STREAM, 0x7FFF, 4096, 4096)),
                NtStatus.STATUS_NOT_FOUND);
    }

    @Test
    void openedChannelClosesOnceAndItsHandleIsThenInvalid() throws Exception {
        int socket = echoSocket();
        int handle = device.openChannel(socket, false);
        assertThat(handle).isNotZero();
        device.closeChannel(handle);
        assertStatus(() -> device.closeChannel(handle), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.write(handle, new byte[1], 0, 1, 1000), NtStatus.STATUS_INVALID_HANDLE);
        device.destroySocket(socket);
    }

    @Test
    void echoReturnsBinaryMessagesWithTheirBoundaries() throws Exception {
        int handle = device.openChannel(echoSocket(), false);
        for (int size : new int[] {1, 100, 16378, 16379, 40_000}) {
            byte[] message = new byte[size];
            for (int i = 0; i < size; i++) {
                message[i] = (byte) (i * 31 + size);     // every byte value, NULs included
            }
            assertThat(device.write(handle, message, 0, size, 5000)).isEqualTo(IoResult.success(size));
            byte[] back = new byte[size + 10];
            int got = 0;
            while (got < size) {
                IoResult r = device.read(handle, back, got, back.length - got, 5000);
                assertThat(r.status()).isEqualTo(NtStatus.STATUS_SUCCESS);
                got += r.bytes();
            }
            assertThat(got).as("one message per read, no more").isEqualTo(size);
            assertThat(java.util.Arrays.copyOf(back, size)).isEqualTo(message);
        }
    }

    @Test
    void writeAndReadHonourTheOffsetIntoTheCallersBuffer() throws Exception {
        int handle = device.openChannel(echoSocket(), false);
        byte[] out = "xxHELLOyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(device.write(handle, out, 2, 5, 5000)).isEqualTo(IoResult.success(5));
        byte[] in = new byte[12];
        IoResult r = device.read(handle, in, 4, 8, 5000);
        assertThat(r).isEqualTo(IoResult.success(5));
        assertThat(new String(in, 4, 5, StandardCharsets.US_ASCII)).isEqualTo("HELLO");
        assertThat(in[0]).isZero();
        assertStatus(() -> device.read(handle, in, 10, 5, 100), NtStatus.STATUS_INVALID_PARAMETER);
    }

    @Test
    void readWithNoTimeoutOnAnEmptyChannelReportsStatusTimeout() throws Exception {
        int handle = device.openChannel(echoSocket(), false);
        assertThat(device.read(handle, new byte[10], 0, 10, Dot4Constants.NO_TIMEOUT))
                .isEqualTo(new IoResult(NtStatus.STATUS_TIMEOUT, 0));
    }

    @Test
    void waitForChannelReturnsTheChannelThePeripheralOpened() throws Exception {
        int socket = device.createSocket(CreateSocketData.forSocket(TestPeripheral.STATUS, ChannelType.STREAM, 65536, 4096, 4096))
                .hostSocketId();
        assertStatus(() -> device.waitForChannel(socket, 100), NtStatus.STATUS_IO_TIMEOUT);
        Thread notifier = Thread.ofVirtual().start(() -> {
            try {
                peripheral().notifyHost(socket, "READY\n".getBytes(StandardCharsets.US_ASCII));
            } catch (Dot4Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int handle = device.waitForChannel(socket, 5000);
        byte[] buf = new byte[64];
        IoResult r = device.read(handle, buf, 0, buf.length, 5000);
        assertThat(new String(buf, 0, r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("READY\n");
        notifier.join();
        device.closeChannel(handle);
        device.destroySocket(socket);
    }

    @Test
    void activityBroadcastReportsMessagesUntilRemoved() throws Exception {
        int handle = device.openChannel(echoSocket(), true);
        device.write(handle, new byte[] {1, 2, 3}, 0, 3, 5000);
        Activity message = nextActivity(ActivityMessage.MESSAGE_RECEIVED);
        assertThat(message.channelHandle()).isEqualTo(handle);
        assertThat(message.byteCount()).isEqualTo(3);
        device.removeActivityBroadcast(handle);
        device.write(handle, new byte[] {4}, 0, 1, 5000);
        device.read(handle, new byte[8], 0, 8, 5000);
        device.read(handle, new byte[8], 0, 8, 5000);
        drainActivity();
        device.write(handle, new byte[] {5}, 0, 1, 5000);
        device.read(handle, new byte[8], 0, 8, 5000);
        assertStatus(() -> device.waitActivityBroadcast(300), NtStatus.STATUS_IO_TIMEOUT);
        device.addActivityBroadcast(handle);
        device.write(handle, new byte[] {6, 7}, 0, 2, 5000);
        assertThat(nextActivity(ActivityMessage.MESSAGE_RECEIVED).byteCount()).isEqualTo(2);
    }

    @Test
    void unknownHandlesAreInvalidForEveryChannelCall() {
        int bogus = 0x7777;
        assertStatus(() -> device.closeChannel(bogus), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.read(bogus, new byte[4], 0, 4, 100), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.write(bogus, new byte[4], 0, 4, 100), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.addActivityBroadcast(bogus), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.removeActivityBroadcast(bogus), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.openChannel(200, false), NtStatus.STATUS_INVALID_HANDLE);
        assertStatus(() -> device.destroySocket(200), NtStatus.STATUS_INVALID_HANDLE);
    }

    @Test
    void destroyingASocketWithAnOpenChannelIsInvalidDeviceState() throws Exception {
        int socket = echoSocket();
        int handle = device.openChannel(socket, false);
        assertStatus(() -> device.destroySocket(socket), NtStatus.STATUS_INVALID_DEVICE_STATE);
        device.closeChannel(handle);
        device.destroySocket(socket);
    }

    private int echoSocket() throws Dot4Exception {
        return device.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 65536, 16384, 16384))
                .hostSocketId();
    }

    private Activity nextActivity(ActivityMessage wanted) throws Dot4Exception {
        while (true) {
            Activity a = device.waitActivityBroadcast(5000);
            if (a.message() == wanted) {
                return a;
            }
        }
    }

    private void drainActivity() throws Dot4Exception {
        while (true) {
            try {
                device.waitActivityBroadcast(Dot4Constants.NO_TIMEOUT);
            } catch (Dot4Exception e) {
                assertThat(e.status()).isEqualTo(NtStatus.STATUS_IO_TIMEOUT);
                return;
            }
        }
    }

    static void assertStatus(ThrowingCallable call, NtStatus expected) {
        assertThatThrownBy(call).isInstanceOf(Dot4Exception.class)
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(expected);
    }
}
