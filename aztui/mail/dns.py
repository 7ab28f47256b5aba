"""DNS answers for DKIM, asked once per name in one sync."""

from __future__ import annotations

from aztui.mail import DnsFunc


def per_sync_dns(lookup: DnsFunc | None) -> DnsFunc:
    """``lookup`` (dkimpy's own when None) asked once per DNS name in one sync: thousands of
    e-mails signed with one selector cost one lookup. A new one each sync, since a signer's
    key may rotate between syncs. A failed lookup stays failed for the sync."""
    answers: dict[bytes, bytes | Exception | None] = {}

    def cached(name: bytes, timeout: int = 5) -> bytes | None:
        if name not in answers:
            if lookup is None:
                from dkim.dnsplug import get_txt  # type: ignore[import-untyped]

                ask: DnsFunc = get_txt
            else:
                ask = lookup
            try:
                answers[name] = ask(name, timeout=timeout)
            except Exception as exc:  # noqa: BLE001 - dkimpy turns it into "not verified"
                answers[name] = exc
        answer = answers[name]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return cached
