"""``[sources.mail] options``: where the mailbox is and which folders are read.

Checked when the source is built, each problem named by its key, so a typo stops the source
with a message rather than a sync that silently reads nothing. The password is never an
option: it is the source's ``credentials`` (a secret reference).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aztui.errors import AztuiError

TLS_MODES = ("implicit", "starttls")
LOGINS = ("password", "oauth2")
ROLES = ("inbox", "sent")
DEFAULT_PORTS = {"implicit": 993, "starttls": 143}
KNOWN = {
    "host",
    "port",
    "tls",
    "username",
    "folders",
    "login",
    "cafile",
    "timeout_seconds",
    "token_url",
    "client_id",
    "scope",
    "max_per_sync",
    "mechanism",
}
MECHANISMS = ("xoauth2", "oauthbearer")
TOKEN_URLS = {
    "imap.gmail.com": "https://oauth2.googleapis.com/token",
    "outlook.office365.com": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
}
"""The token endpoint of the providers whose IMAP servers want OAuth 2."""


class MailboxSettingsError(AztuiError):
    """``[sources.<name>] options`` that cannot be used as written."""


@dataclass(frozen=True, slots=True)
class Folder:
    """One folder to read: its name as the seller writes it (``INBOX``, ``Sent``), or a
    special-use attribute (``\\Sent``) that the server's LIST answer turns into a name, and
    what is in it (``inbox``: Amazon's e-mails; ``sent``: the seller's own answers)."""

    name: str
    role: str = "inbox"

    @property
    def special_use(self) -> bool:
        return self.name.startswith("\\")


@dataclass(frozen=True, slots=True)
class ImapOptions:
    host: str
    port: int
    tls: str
    username: str
    folders: tuple[Folder, ...]
    login: str = "password"
    """``password`` (LOGIN) or ``oauth2`` (XOAUTH2 with a fresh access token)."""
    cafile: Path | None = None
    """A CA file for a server with a private certificate; else the usual roots (certifi)."""
    timeout_seconds: float = 60.0
    """How long one IMAP command may take before the mailbox is reported down."""
    max_per_sync: int = 2000
    """E-mails read by one sync at most: a first sync of a large mailbox goes in steps, each
    well within the time a sync may take, each step's cursor kept."""
    token_url: str | None = None
    """``login = "oauth2"``: where a refresh token is exchanged for an access token."""
    client_id: str | None = None
    scope: str | None = None
    mechanism: str = "xoauth2"
    """``login = "oauth2"``: the SASL mechanism, ``xoauth2`` (Gmail, Microsoft 365) or
    ``oauthbearer`` (RFC 7628)."""
    keep_credentials: Callable[[str], object] | None = field(default=None, compare=False)
    """``login = "oauth2"``: where the credentials go when the token endpoint rotates the
    refresh token (``SourceContext.keep_credentials``); not an option a seller writes."""


def parse_options(
    source: str,
    options: Mapping[str, object],
    base: Path | None,
    keep_credentials: Callable[[str], object] | None = None,
) -> ImapOptions:
    """``options`` checked; ``base`` is the folder a relative ``cafile`` is read from;
    ``keep_credentials`` is the source's (``SourceContext``)."""
    where = f"[sources.{source}] options"

    def fail(key: str, what: str) -> MailboxSettingsError:
        return MailboxSettingsError(f"{where}: {key}: {what}")

    if "password" in options:
        raise fail(
            "password",
            'never an option: the password is the source\'s credentials = { env = "NAME" }',
        )
    unknown = sorted(set(options) - KNOWN)
    if unknown:
        raise fail(unknown[0], f"unknown option (known: {', '.join(sorted(KNOWN))})")
    host = options.get("host")
    if not isinstance(host, str) or not host.strip():
        raise fail("host", 'the IMAP server\'s name is needed (host = "imap.example.com")')
    tls = options.get("tls", "implicit")
    if tls not in TLS_MODES:
        raise fail("tls", f"{tls!r} is not one of {', '.join(TLS_MODES)}")
    port = options.get("port", DEFAULT_PORTS[str(tls)])
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise fail("port", f"{port!r} is not a port number")
    username = options.get("username")
    if not isinstance(username, str) or not username:
        raise fail("username", 'the mailbox\'s login is needed (username = "me@example.com")')
    login = options.get("login", "password")
    if login not in LOGINS:
        raise fail("login", f"{login!r} is not one of {', '.join(LOGINS)}")
    timeout = options.get("timeout_seconds", 60.0)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise fail("timeout_seconds", f"{timeout!r} is not a number of seconds above 0")
    most = options.get("max_per_sync", 2000)
    if not isinstance(most, int) or isinstance(most, bool) or most < 1:
        raise fail("max_per_sync", f"{most!r} is not a number of e-mails above 0")
    cafile = options.get("cafile")
    if cafile is not None and (not isinstance(cafile, str) or not cafile):
        raise fail("cafile", f"{cafile!r} is not a file name")
    cafile_path = None
    if isinstance(cafile, str):
        cafile_path = Path(cafile).expanduser()
        if not cafile_path.is_absolute() and base is not None:
            cafile_path = base / cafile_path
    token_url: str | None = None
    client_id: str | None = None
    scope = options.get("scope")
    if login == "oauth2":
        url = options.get("token_url", TOKEN_URLS.get(host.strip().lower()))
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise fail("token_url", 'login = "oauth2" needs the provider\'s token endpoint URL')
        client = options.get("client_id")
        if not isinstance(client, str) or not client:
            raise fail("client_id", 'login = "oauth2" needs the OAuth client id of your app')
        token_url, client_id = url, client
    mechanism = options.get("mechanism", "xoauth2")
    if mechanism not in MECHANISMS:
        raise fail("mechanism", f"{mechanism!r} is not one of {', '.join(MECHANISMS)}")
    if scope is not None and not isinstance(scope, str):
        raise fail("scope", f"{scope!r} is not a text")
    return ImapOptions(
        host=host.strip(),
        port=port,
        tls=str(tls),
        username=username,
        folders=_folders(options.get("folders", ["INBOX"]), fail),
        login=str(login),
        cafile=cafile_path,
        timeout_seconds=float(timeout),
        max_per_sync=most,
        token_url=token_url,
        client_id=client_id,
        scope=scope,
        mechanism=str(mechanism),
        keep_credentials=keep_credentials,
    )


def _folders(value: object, fail) -> tuple[Folder, ...]:
    if not isinstance(value, list) or not value:
        raise fail("folders", 'a list of folders is needed (folders = ["INBOX"])')
    folders = []
    for index, item in enumerate(value):
        key = f"folders[{index}]"
        if isinstance(item, str) and item:
            folders.append(Folder(item))
            continue
        if not isinstance(item, Mapping):
            raise fail(key, 'a folder name, or { name = "Sent", role = "sent" }')
        extra = sorted(set(item) - {"name", "role"})
        if extra:
            raise fail(f"{key}.{extra[0]}", "unknown (a folder has a name and a role)")
        name, role = item.get("name"), item.get("role", "inbox")
        if not isinstance(name, str) or not name:
            raise fail(f"{key}.name", "the folder's name is needed")
        if role not in ROLES:
            raise fail(f"{key}.role", f"{role!r} is not one of {', '.join(ROLES)}")
        folders.append(Folder(name, str(role)))
    names = [f.name for f in folders]
    for name in names:
        if names.count(name) > 1:
            raise fail("folders", f"{name!r} is listed twice")
    return tuple(folders)
