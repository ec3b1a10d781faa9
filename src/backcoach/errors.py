"""The one error tree of BackCoach, mapped to HTTP status codes and CLI exit codes here and only here."""

from __future__ import annotations


class BackCoachError(Exception):
    """Base of every error BackCoach raises on purpose."""

    http_status = 500
    exit_code = 1
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message}


class InvalidInput(BackCoachError):
    """Input that breaks a contract: names the offending field (a dotted path) or argument."""

    http_status = 422
    exit_code = 2
    code = "invalid_input"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem

    def to_dict(self) -> dict[str, object]:
        return {"error": self.code, "field": self.field, "message": self.message}


class UnreadableInput(InvalidInput):
    """A file or stream that cannot be read or parsed at all."""

    code = "unreadable_input"


class UnusableVideo(InvalidInput):
    """A video that can be read but not used for the camera form check: nobody in it, the exercise not shown, or
    the person never seen well enough to judge."""

    code = "unusable_video"


class KnowledgeError(BackCoachError):
    """A shipped knowledge file is invalid: names the file and the field."""

    code = "knowledge_error"


class NotFound(BackCoachError):
    """Missing, or belongs to someone else: both answer the same."""

    http_status = 404
    exit_code = 2
    code = "not_found"


class Conflict(BackCoachError):
    http_status = 409
    exit_code = 2
    code = "conflict"


class NotAuthenticated(BackCoachError):
    http_status = 401
    exit_code = 2
    code = "not_authenticated"


class Forbidden(BackCoachError):
    http_status = 403
    exit_code = 2
    code = "forbidden"


class UnsupportedMediaType(BackCoachError):
    """A JSON endpoint called without Content-Type: application/json."""

    http_status = 415
    exit_code = 2
    code = "unsupported_media_type"


class PayloadTooLarge(BackCoachError):
    """A request body larger than the limit (read no further than the limit)."""

    http_status = 413
    exit_code = 2
    code = "payload_too_large"


class ConfigurationError(BackCoachError):
    """A setting (environment variable) has an invalid value."""

    exit_code = 2
    code = "configuration_error"


class SafetyStop(BackCoachError):
    """Exercise is not safe right now (e.g. a warning sign at the last check-in): see a clinician first."""

    http_status = 409
    exit_code = 3
    code = "safety_stop"

    def __init__(self, message: str, triage: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.triage = triage

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "triage": self.triage}


class BadRequest(BackCoachError):
    """A request missing something it must carry (e.g. the Idempotency-Key header)."""

    http_status = 400
    exit_code = 2
    code = "bad_request"


class AddressInUse(BackCoachError):
    """``serve`` cannot listen where it was asked to: another program holds the port."""

    exit_code = 1
    code = "address_in_use"


class StorageError(BackCoachError):
    """The database cannot do what was asked; nothing half-done was kept."""

    http_status = 503
    exit_code = 1
    code = "storage_unavailable"


class StorageCorrupt(StorageError):
    """The database file is damaged: refused as it is, never reset or overwritten."""

    code = "storage_corrupt"


class StorageReadOnly(StorageError):
    """The database (or its folder) cannot be written."""

    code = "storage_read_only"


class StorageBusy(StorageError):
    """The database stayed busy with other writes for longer than a request waits (nothing was changed)."""

    code = "storage_busy"
    retry_after = 1


class StorageFull(StorageError):
    """The disk holding the database is full."""

    http_status = 507
    code = "storage_full"


class TooManyRequests(BackCoachError):
    """Too many failed attempts (e.g. sign-ins): try again after `retry_after` seconds."""

    http_status = 429
    exit_code = 2
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "retry_after": self.retry_after}
