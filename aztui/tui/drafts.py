"""What the seller typed in a form or an evidence text and closed without saving: kept for the
session, offered again when that form or that claim's evidence opens, until it is saved or
discarded on purpose (``ctrl+d``). Kept in memory only: a draft may hold a buyer's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Drafts:
    """The app's drafts, by what they are drafts of (``evidence:AZ-1``, a form's title)."""

    kept: dict[str, object] = field(default_factory=dict)

    def of(self, key: str) -> Draft[Any]:
        return Draft(self, key)


@dataclass(frozen=True)
class Draft(Generic[T]):
    """One draft: what ``get`` gives back was ``keep``-t, until ``drop``."""

    drafts: Drafts
    key: str

    def get(self) -> T | None:
        return self.drafts.kept.get(self.key)  # type: ignore[return-value]

    def keep(self, value: T) -> None:
        self.drafts.kept[self.key] = value

    def drop(self) -> None:
        self.drafts.kept.pop(self.key, None)
