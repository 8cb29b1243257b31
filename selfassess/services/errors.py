"""Domain errors raised by services and turned into pages or CLI messages by the layers above."""


class DomainError(Exception):
    """Base class; the message is safe to show to the user."""


class NotFound(DomainError):
    """The thing does not exist, or the user may not know that it exists (another provider's data)."""


class Forbidden(DomainError):
    """The user can see the thing but may not do this to it."""


class Conflict(DomainError):
    """Someone else changed it first, or it already exists."""


class Locked(DomainError):
    """The year is submitted and cannot change."""


class ValidationFailed(DomainError):
    """Input was refused; .problems lists every reason."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class TooManyAttempts(DomainError):
    """Refused because of too many recent attempts; retry_after is in seconds."""

    def __init__(self, message: str, retry_after: int = 300):
        self.retry_after = retry_after
        super().__init__(message)
