"""``aztui.http``: the client plugins use, and each way a call fails on the way worded once, with
whether trying again may help, against real servers on 127.0.0.1."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx
import pytest
import trustme
from pytest_httpserver import HTTPServer

from aztui.http import ENGLISH, CallFailed, Words, attempt, client
from aztui.testing import held_socket, refused_port


async def get(url: str, words: Words = ENGLISH, limit: float = 5.0) -> object:
    async def call():
        async with client(timeout=limit) as http:
            response = await http.get(url)
            response.raise_for_status()
            return response

    return await attempt(call(), "the server", words)


@pytest.fixture
def untrusted_server() -> Iterator[HTTPServer]:
    """HTTPS on 127.0.0.1 with a certificate from a CA nobody trusts."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/").respond_with_data("hello")
    server.start()
    yield server
    server.clear()
    server.stop()


async def test_an_answer_is_returned_as_it_is(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("hello")
    answer = await get(httpserver.url_for("/"))
    assert isinstance(answer, httpx.Response) and answer.text == "hello"


async def test_a_refused_connection_is_tried_again() -> None:
    with refused_port() as port:
        failed = await get(f"http://127.0.0.1:{port}/")
    assert isinstance(failed, CallFailed) and failed.retry and failed.response is None
    assert failed.reason.startswith("could not reach the server (ConnectError")


async def test_a_server_that_never_answers_is_a_timeout() -> None:
    with held_socket() as sock:
        sock.listen(1)  # the connection is taken, and nothing is ever answered
        port = sock.getsockname()[1]
        failed = await get(f"http://127.0.0.1:{port}/", limit=0.5)
    assert failed == CallFailed("the server did not answer in time")


async def test_an_untrusted_certificate_is_named(untrusted_server: HTTPServer) -> None:
    failed = await get(untrusted_server.url_for("/"))
    assert isinstance(failed, CallFailed) and failed.retry
    assert failed.reason.startswith(
        "could not reach the server: its TLS certificate is not trusted ("
    )
    assert not untrusted_server.log


@pytest.mark.parametrize(
    ("status", "retry"),
    [(500, True), (503, True), (429, True), (408, True), (401, False), (404, False)],
)
async def test_an_error_status_says_whether_to_try_again(
    httpserver: HTTPServer, status: int, retry: bool
) -> None:
    httpserver.expect_request("/").respond_with_data("no", status=status)
    failed = await get(httpserver.url_for("/"))
    assert isinstance(failed, CallFailed)
    assert (failed.reason, failed.retry) == (f"the server answered HTTP {status}", retry)
    assert failed.response is not None and failed.response.status_code == status


async def test_a_plugin_words_failures_in_its_own_language(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("", status=503)
    words = Words(status="{who} : réponse {status}")
    failed = await get(httpserver.url_for("/"), words)
    assert isinstance(failed, CallFailed)
    assert failed.reason == "the server : réponse HTTP 503 SERVICE UNAVAILABLE"


async def test_what_is_not_the_network_is_raised() -> None:
    async def broken() -> None:
        raise KeyError("parcelX")

    with pytest.raises(KeyError):
        await attempt(broken(), "the server")
