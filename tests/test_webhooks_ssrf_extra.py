"""The results webhook cannot be aimed at the server's own network (SSRF), nor read it back.

A recruiter types the URL, so it is checked when saved (numeric forms of refused addresses,
metadata names) and again at every delivery by what the host resolves to; the request then
goes to the address that was checked, follows no redirect, and recruiters see the status
line of the answer, never its body.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from heymilo_app.models import MessageStatus, OutboundMessage, utcnow
from heymilo_app.providers import safe_http
from heymilo_app.providers import webhook as webhook_provider
from heymilo_app.providers.base import ProviderError
from heymilo_app.providers.email import OfflineMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import message_log, outbox_delivery, outbox_outcomes
from heymilo_app.services.pipeline import send_rules, webhooks
from heymilo_app.settings import get_settings
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.support import demo_recruiter_and_job

SECRET_TEXT = "SECRET-INTERNAL-DATA"


def _allow_private(monkeypatch: pytest.MonkeyPatch, allowed: bool) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_addresses", allowed)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    yield server
    server.close()


class _Answers:
    """Replaces getaddrinfo: the names given resolve as told, the rest as usual."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> None:
        self.names = names
        self.lookups: list[str] = []
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.names:
            return self._real(host, port, *args, **kwargs)
        self.lookups.append(name)
        answers = []
        for address in self.names[name]:
            if ipaddress.ip_address(address).version == 6:
                answers.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return answers


def _post(url: str, *, allow_private: bool, **kwargs) -> webhook_provider.SendResult:
    poster = webhook_provider.HttpWebhookPoster(
        timeout=3, allow_private_addresses=allow_private, **kwargs
    )
    return poster.post(
        url=url, body=b'{"event":"ping"}', secret="whsec_s", event="ping", delivery_id="d1"
    )


# --- When the URL is saved -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # 127.0.0.1 in decimal
        "http://0x7f000001/",  # in hex
        "http://0177.0.0.1/",  # in octal
        "http://127.1/",  # short form
        "http://127.0.0.1:8000/hooks",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
        "http://localhost:3000/",
        "http://api.localhost/",
        "http://169.254.169.254/latest",
        "http://metadata.google.internal/",
        "http://10.0.0.5/",
        "http://0x0a000005/",
        "http://172.16.3.4/",
        "http://192.168.1.10/",
        "http://100.64.0.1/",  # shared (CGNAT) space
        "http://[fd00::5]/",
        "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    ],
)
def test_local_and_private_addresses_are_refused_when_saved(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    _allow_private(monkeypatch, False)
    with pytest.raises(Invalid) as error:
        webhooks.check_url(url)
    assert set(error.value.errors) == {"webhook_url"}
    assert "webhook" in error.value.errors["webhook_url"]


@pytest.mark.parametrize(
    "url",
    [
        "https://ats.example.com/hooks/openinterview",
        "https://93.184.215.14/hooks",
        "https://[2606:4700::1111]/hooks",
        "https://hooks.example.test:8443/x",
    ],
)
def test_public_names_and_addresses_are_kept(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    _allow_private(monkeypatch, False)
    assert webhooks.check_url(url) == url


def test_the_setting_opens_private_networks_but_never_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allow_private(monkeypatch, True)
    assert webhooks.check_url("http://127.0.0.1:8000/h") == "http://127.0.0.1:8000/h"
    assert webhooks.check_url("http://10.0.0.5/h") == "http://10.0.0.5/h"
    for url in ("http://169.254.169.254/latest", "http://metadata.google.internal/"):
        with pytest.raises(Invalid):
            webhooks.check_url(url)


def test_the_setting_is_off_by_default() -> None:
    assert type(get_settings()).model_fields["webhook_allow_private_addresses"].default is False


# --- When the event is sent ------------------------------------------------------------------


def test_a_name_resolving_to_loopback_is_refused_without_connecting(
    monkeypatch: pytest.MonkeyPatch, receiver: WebhookReceiver
) -> None:
    port = receiver.url.rsplit(":", 1)[1]
    _Answers(monkeypatch, {"hooks.example.test": ["127.0.0.1"]})
    for url in (
        f"http://hooks.example.test:{port}/h",
        f"http://localhost:{port}/h",
        f"http://2130706433:{port}/h",
        f"http://127.1:{port}/h",
        f"{receiver.url}/h",
    ):
        with pytest.raises(ProviderError) as error:
            _post(url, allow_private=False)
        assert not error.value.retryable
        assert "127.0.0.1" in str(error.value) and "refused" in str(error.value)
    assert receiver.requests == []


def test_one_private_answer_among_public_ones_is_enough_to_refuse(
    monkeypatch: pytest.MonkeyPatch, receiver: WebhookReceiver
) -> None:
    port = receiver.url.rsplit(":", 1)[1]
    url = f"http://hooks.example.test:{port}/h"
    _Answers(monkeypatch, {"hooks.example.test": ["93.184.215.14", "::ffff:10.0.0.5"]})
    with pytest.raises(ProviderError) as error:
        _post(url, allow_private=False)
    assert "(10.0.0.5)" in str(error.value) and not error.value.retryable
    # The setting opens private networks, never the metadata address, however written.
    _Answers(monkeypatch, {"hooks.example.test": ["93.184.215.14", "::ffff:169.254.169.254"]})
    with pytest.raises(ProviderError) as error:
        _post(url, allow_private=True)
    assert "refused" in str(error.value) and not error.value.retryable
    assert receiver.requests == []


def test_the_request_goes_to_the_checked_address_with_the_names_host_header(
    monkeypatch: pytest.MonkeyPatch, receiver: WebhookReceiver
) -> None:
    port = receiver.url.rsplit(":", 1)[1]
    answers = _Answers(monkeypatch, {"hooks.example.test": ["127.0.0.1"]})
    result = _post(f"http://hooks.example.test:{port}/hooks?x=1", allow_private=True)
    assert result.status == "sent" and result.provider_id == "200"
    [request] = receiver.delivered
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["host"] == f"hooks.example.test:{port}"
    assert webhook_provider.verify(
        "whsec_s",
        timestamp=headers["x-openinterview-timestamp"],
        body=request["raw"],
        signature=headers["x-openinterview-signature"],
    )
    # Resolved once, by the check: a second answer (DNS rebinding) has no say in the connection.
    assert answers.lookups == ["hooks.example.test"]


def test_an_unresolvable_name_is_retried_later(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(ProviderError) as error:
        _post("https://hooks.example.test/h", allow_private=False)
    assert error.value.retryable and "did not resolve" in str(error.value)


class _RawServer:
    """Answers every POST with a fixed status, headers and body (or a never-ending one)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, *, endless=False):
        self.requests: list[str] = []
        self.done = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.requests.append(self.path)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                length = 10**9 if endless else len(body)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    self.wfile.write(body)
                    self.wfile.flush()
                    if endless:
                        owner.done.wait(10)  # the rest never comes
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.done.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def leaky() -> Iterator[_RawServer]:
    server = _RawServer(
        500,
        {"Content-Type": "text/plain"},
        f"{SECRET_TEXT}: db password hunter2 ".encode() * 20,
        endless=True,
    )
    yield server
    server.close()


def test_an_error_answer_is_a_status_line_and_its_body_is_never_read(
    leaky: _RawServer,
) -> None:
    started = utcnow()
    with pytest.raises(ProviderError) as error:
        # The body claims a gigabyte and stalls: reading it would time out after 3 s.
        _post(leaky.url + "/h", allow_private=True)
    assert (utcnow() - started).total_seconds() < 2
    assert str(error.value) == "The webhook answered HTTP 500 Internal Server Error."
    assert error.value.retryable and error.value.status_code == 500


def test_recruiters_see_the_status_of_a_failed_delivery_not_the_body(
    session: Session, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, leaky: _RawServer
) -> None:
    _allow_private(monkeypatch, True)
    user, _ = demo_recruiter_and_job(session)
    webhooks.configure(session=session, user=user, url=leaky.url + "/h")
    event = webhooks.send_test(session=session, user=user)
    report = _deliver(engine)
    assert report.retried == 1
    assert all(SECRET_TEXT not in line for line in report.errors)
    session.expire_all()
    [row] = [r for r in webhooks.recent(session=session, user=user) if r.id == event.id]
    assert "HTTP 500" in row.last_error and SECRET_TEXT not in row.last_error
    shown = message_log.delivery(row)
    assert SECRET_TEXT not in f"{shown.label} {shown.detail}"
    assert len(leaky.requests) == 1


def test_a_redirect_is_not_followed_and_not_retried(
    session: Session, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _allow_private(monkeypatch, True)
    server = _RawServer(302, {"Location": "/elsewhere"}, b"")
    try:
        user, _ = demo_recruiter_and_job(session)
        webhooks.configure(session=session, user=user, url=server.url + "/h")
        event = webhooks.send_test(session=session, user=user)
        assert _deliver(engine).failed == 1
        session.expire_all()
        row = session.get(OutboundMessage, event.id)
        assert row.status == MessageStatus.FAILED
        assert "HTTP 302 Found" in row.last_error and "redirects are not followed" in row.last_error
        assert server.requests == ["/h"]  # /elsewhere was never asked for
    finally:
        server.close()


def test_an_address_refused_at_send_time_fails_the_event_at_once(
    session: Session,
    engine: sa.Engine,
    monkeypatch: pytest.MonkeyPatch,
    receiver: WebhookReceiver,
) -> None:
    # Saved while private addresses were allowed (or a name that now resolves elsewhere).
    _allow_private(monkeypatch, True)
    user, _ = demo_recruiter_and_job(session)
    webhooks.configure(session=session, user=user, url=receiver.url + "/h")
    event = webhooks.send_test(session=session, user=user)
    _allow_private(monkeypatch, False)
    assert _deliver(engine).failed == 1
    session.expire_all()
    row = session.get(OutboundMessage, event.id)
    assert row.status == MessageStatus.FAILED and row.attempts == 1
    assert "private or local network address (127.0.0.1)" in row.last_error
    assert receiver.requests == []


def _deliver(engine: sa.Engine) -> outbox_outcomes.DeliveryReport:
    return outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=utcnow(),
        webhook=webhook_provider.HttpWebhookPoster(timeout=3),
    )


# --- https to a pinned address ---------------------------------------------------------------


def _certificates(tmp_path: Path, name: str) -> tuple[Path, Path, Path]:
    """A throwaway certificate authority and a certificate it signed for ``name`` only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(leaf.public_bytes(pem))
    key_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, cert_path, key_path


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[tuple[WebhookReceiver, Path, list[str]]]:
    """The webhook receiver behind TLS with a certificate for hooks.example.test only."""
    ca, cert, key = _certificates(tmp_path, "hooks.example.test")
    server = WebhookReceiver()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    names: list[str] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
    yield server, ca, names
    server.close()


def test_https_to_the_pinned_address_checks_the_certificate_against_the_name(
    monkeypatch: pytest.MonkeyPatch, tls_receiver: tuple[WebhookReceiver, Path, list[str]]
) -> None:
    server, ca, names = tls_receiver
    port = server.url.rsplit(":", 1)[1]
    _Answers(
        monkeypatch,
        {"hooks.example.test": ["127.0.0.1"], "other.example.test": ["127.0.0.1"]},
    )
    trust = ssl.create_default_context(cafile=str(ca))
    result = _post(f"https://hooks.example.test:{port}/h", allow_private=True, verify=trust)
    assert result.status == "sent"
    assert names == ["hooks.example.test"]  # the name, not 127.0.0.1, went in SNI
    [request] = server.delivered
    assert json.loads(request["raw"]) == {"event": "ping"}
    # The same address under a name the certificate does not cover is refused by TLS.
    with pytest.raises(ProviderError) as error:
        _post(f"https://other.example.test:{port}/h", allow_private=True, verify=trust)
    assert "certificate" in str(error.value).lower()
    assert len(server.requests) == 1


# --- The address rules themselves ------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "private_reason", "always_reason"),
    [
        ("8.8.8.8", None, None),
        ("2606:4700::1111", None, None),
        ("127.0.0.1", "private", None),
        ("::1", "private", None),
        ("::ffff:127.0.0.1", "private", None),
        ("10.0.0.5", "private", None),
        ("100.64.0.1", "private", None),
        ("fd00::1", "private", None),
        ("2002:a00:5::", "private", None),  # 6to4 around 10.0.0.5
        ("64:ff9b::a00:5", "private", None),  # NAT64 around 10.0.0.5
        ("64:ff9b::5db8:d70e", None, None),  # NAT64 (DNS64) around a public address
        ("64:ff9b::a9fe:a9fe", "local", "local"),  # and around the metadata address
        ("169.254.169.254", "local", "local"),
        ("::ffff:169.254.169.254", "local", "local"),
        ("fe80::1", "local", "local"),
        ("0.0.0.0", "local", "local"),
        ("0.1.2.3", "local", "local"),
        ("::", "local", "local"),
        ("224.0.0.1", "local", "local"),
        ("ff02::1", "local", "local"),
        ("240.0.0.1", "local", "local"),
        ("255.255.255.255", "local", "local"),
    ],
)
def test_which_addresses_are_refused(address: str, private_reason, always_reason) -> None:
    def kind(reason: str | None) -> str | None:
        if reason is None:
            return None
        return "private" if "private" in reason else "local"

    ip = ipaddress.ip_address(address)
    assert kind(safe_http.refusal(ip, allow_private=False)) == private_reason
    assert kind(safe_http.refusal(ip, allow_private=True)) == always_reason


def test_numeric_host_forms_are_read_as_libc_reads_them() -> None:
    loopback = ipaddress.ip_address("127.0.0.1")
    for host in ("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "127.0.0.1."):
        assert safe_http.literal_address(host) == loopback
    assert safe_http.literal_address("hooks.example.test") is None
    assert safe_http.literal_address("1password.example.com") is None
