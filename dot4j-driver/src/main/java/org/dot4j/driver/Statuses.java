package org.dot4j.driver;

import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.EngineException;
import org.dot4j.engine.Failure;
import org.dot4j.wire.ResultCode;

/** The one place engine failures become NTSTATUS values (documented in docs/ntstatus.md). */
final class Statuses {

    private Statuses() {}

    static NtStatus of(Failure failure) {
        return switch (failure) {
            case NOT_READY -> NtStatus.STATUS_DEVICE_NOT_READY;
            case LINK_DOWN -> NtStatus.STATUS_DEVICE_NOT_CONNECTED;
            case UNKNOWN_CHANNEL -> NtStatus.STATUS_INVALID_HANDLE;
            case UNKNOWN_SOCKET -> NtStatus.STATUS_INVALID_PARAMETER;
            case CHANNEL_BUSY -> NtStatus.STATUS_DEVICE_BUSY;
            case NO_RESOURCES -> NtStatus.STATUS_INSUFFICIENT_RESOURCES;
            case TIMEOUT -> NtStatus.STATUS_IO_TIMEOUT;
            case REFUSED -> NtStatus.STATUS_CONNECTION_REFUSED;
            case PEER_ERROR -> NtStatus.STATUS_DEVICE_PROTOCOL_ERROR;
            case NOT_ALLOWED -> NtStatus.STATUS_NOT_SUPPORTED;
            case CANCELLED -> NtStatus.STATUS_CANCELLED;
        };
    }

    /** A refusal's status depends on what was refused: an unknown service is "not found". */
    static Dot4Exception of(EngineEvent.Failed failed) {
        NtStatus status = of(failed.failure());
        if (failed.result() == ResultCode.SERVICE_NAME_NOT_FOUND || failed.result() == ResultCode.SERVICE_NOT_AVAILABLE) {
            status = NtStatus.STATUS_NOT_FOUND;
        } else if (failed.result() == ResultCode.INSUFFICIENT_RESOURCES) {
            status = NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        } else if (failed.result() == ResultCode.REVISION_NOT_SUPPORTED || failed.result() == ResultCode.INIT_FAILED) {
            status = NtStatus.STATUS_DEVICE_PROTOCOL_ERROR;
        }
        return new Dot4Exception(status, failed.detail());
    }

    static Dot4Exception of(EngineException e) {
        return new Dot4Exception(of(e.failure()), e.getMessage());
    }
}
