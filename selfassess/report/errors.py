"""Why a report could not be produced. Every message is safe to show: the web answers 503 with it and a
Retry-After header, the CLI prints it on one line."""

from ..services.errors import DomainError


class ReportUnavailable(DomainError):
    """The report could not be rendered; the message is safe to show."""


class RenderTimeout(ReportUnavailable):
    """Rendering took longer than the time limit and was stopped."""


class RenderFailed(ReportUnavailable):
    """Rendering failed (an error, or the memory, CPU or page limit) in the child process."""


class RenderBusy(ReportUnavailable):
    """This worker is already rendering a report and the wait for it ran out."""


class RenderRateLimited(ReportUnavailable):
    """This provider has had too many reports rendered in the last minute."""
