"""The results webhook cannot be aimed at the server's own networks (SSRF)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from heymilo_app.providers import safe_http
from heymilo_app.providers.base import ProviderError
from heymilo_app.providers.webhook import HttpWebhookPoster
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import webhooks
from heymilo_app.settings import get_settings
from tests.fakes.webhook_receiver import WebhookReceiver


class TalkativeReceiver(WebhookReceiver):
    """An internal service that answers with something secret."""

    def handle(self, handler, raw: bytes, fault):
        self.requests.append({"headers": dict(handler.headers.items()), "raw": raw})
        if fault is not None:
            return fault[0], fault[1], {"secret": "SECRET-INTERNAL-DATA"}
        return 200, {}, {"ok": True}


@pytest.fixture
def receiver() -> Iterator[TalkativeReceiver]:
    server = TalkativeReceiver()
    yield server
    server.close()


def _post(url: str, *, allow: bool) -> object:
    poster = HttpWebhookPoster(timeout=5, allow_private_addresses=allow)
    return poster.post(url=url, body=b'{"a": 1}', secret="s", event="e", delivery_id="d")


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # 127.0.0.1 in decimal
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8000/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest",
        "http://metadata.google.internal/",
    ],
)
def test_saving_a_local_or_private_address_is_refused(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_addresses", False)
    with pytest.raises(Invalid) as error:
        webhooks.check_url(url)
    assert "webhook_url" in error.value.errors


def test_a_public_name_is_kept() -> None:
    assert webhooks.check_url("https://ats.example.com/hooks") == "https://ats.example.com/hooks"


def test_a_name_resolving_to_loopback_is_refused_before_connecting(
    receiver: TalkativeReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(receiver.url.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "hooks.example.test":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(safe_http.socket, "getaddrinfo", rebinding)
    with pytest.raises(ProviderError) as error:
        _post(f"http://hooks.example.test:{port}/hook", allow=False)
    assert not error.value.retryable and "127.0.0.1" in str(error.value)
    assert receiver.requests == []  # no connection was made


def test_the_request_goes_to_the_checked_address_with_the_urls_host(
    receiver: TalkativeReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(receiver.url.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    asked = []

    def resolver(host, *args, **kwargs):
        asked.append(host)
        return real("127.0.0.1" if host == "hooks.example.test" else host, *args, **kwargs)

    monkeypatch.setattr(safe_http.socket, "getaddrinfo", resolver)
    result = _post(f"http://hooks.example.test:{port}/hook", allow=True)
    assert result.status == "sent"
    # The name was resolved once, by the check; the connection went to the checked address
    # (at most a lookup of the literal address itself), never to a second answer for the name.
    assert asked[0] == "hooks.example.test" and set(asked[1:]) <= {"127.0.0.1"}
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.test:{port}"


def test_recruiters_see_a_status_line_never_the_body(receiver: TalkativeReceiver) -> None:
    receiver.fail(500)
    with pytest.raises(ProviderError) as error:
        _post(receiver.url + "/hook", allow=True)
    assert str(error.value) == "The webhook answered HTTP 500 Internal Server Error."
    assert "SECRET" not in str(error.value)


def test_a_redirect_is_not_followed(receiver: TalkativeReceiver) -> None:
    receiver.fail(302, headers={"Location": "http://169.254.169.254/latest"})
    with pytest.raises(ProviderError) as error:
        _post(receiver.url + "/hook", allow=True)
    assert not error.value.retryable and "redirects are not followed" in str(error.value)
    assert len(receiver.requests) == 1


def test_private_addresses_are_refused_at_send_time_by_default(
    receiver: TalkativeReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_addresses", False)
    with pytest.raises(ProviderError):
        HttpWebhookPoster(timeout=5).post(
            url=receiver.url + "/hook", body=b"{}", secret="s", event="e", delivery_id="d"
        )
    assert receiver.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "::1",
        "::ffff:10.0.0.1",
        "fd00::1",
        "169.254.169.254",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",
        "2002:7f00:1::1",
        "64:ff9b::7f00:1",
    ],
)
def test_every_form_of_a_local_address_is_refused(address: str) -> None:
    import ipaddress

    assert safe_http.refusal(ipaddress.ip_address(address), allow_private=False) is not None


def test_public_addresses_pass() -> None:
    import ipaddress

    for address in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"):
        assert safe_http.refusal(ipaddress.ip_address(address), allow_private=False) is None
