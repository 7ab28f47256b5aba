"""What the app's collaborators may use of the app.

Each collaborator is typed against a protocol naming only what it needs, so it depends on
neither the app class nor the other collaborators; ``AztuiApp`` satisfies them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from aztui.config import Config
    from aztui.service import Service


class Host(Protocol):
    """The app's settings, its service and clock; telling the seller; running a worker."""

    @property
    def config(self) -> Config: ...

    @property
    def service(self) -> Service: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
    ) -> None: ...

    def run_worker(
        self,
        work: Awaitable[None],
        *,
        group: str = ...,
        exit_on_error: bool = ...,
        exclusive: bool = ...,
    ) -> object: ...
