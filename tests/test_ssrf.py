"""SSRF policy: which URLs and addresses the fetcher refuses, and that it connects
to the address it checked. DNS is a resolver we control; the network is a local
server behind PinningTransport, so no test touches the real network."""

from __future__ import annotations

import ipaddress

import pytest
from fakes.webserver import PinningTransport, Reply, WebServer
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BlockedURL, FetchError
from bot.fetching.addresses import is_public_address, parse_ipv4_number
from bot.fetching.client import fetch
from bot.fetching.policy import FetchPolicy, check_url

PUBLIC_IP = "93.184.216.34"
OTHER_PUBLIC_IP = "93.184.216.35"
PRIVATE = FetchPolicy(allow_private=True)


def no_dns(host: str) -> list[str]:
    raise AssertionError(f"the resolver must not be consulted for {host}")


def resolving(table: dict[str, list[str]]):
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    resolver.calls = calls  # type: ignore[attr-defined]
    return resolver


@pytest.fixture
def web():
    with WebServer() as server:
        yield server


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.5.4", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0",
        "0.1.2.3", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "192.0.2.10", "198.51.100.7", "203.0.113.9", "198.18.0.1", "198.19.255.1",
        "192.0.0.8", "192.88.99.1",
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "fec0::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::1", "2002:7f00:1::", "2002:a00:1::1",
        "2001:db8::1", "2001::1", "3fff::1", "100::1", "::127.0.0.1",
        "not an ip", "", "1.2.3", "93.184.216.34.5",
    ],
)
def test_non_public_addresses(ip: str) -> None:
    assert is_public_address(ip) is False


@pytest.mark.parametrize(
    "ip",
    [
        PUBLIC_IP, "8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "192.169.0.1",
        "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:93.184.216.34",
        "64:ff9b::5db8:d822", "2002:5db8:d822::1",
    ],
)
def test_public_addresses(ip: str) -> None:
    assert is_public_address(ip) is True


def test_is_public_address_rejects_non_strings() -> None:
    with pytest.raises(ValueError, match="IP address string"):
        is_public_address(2130706433)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_mapped_and_nat64_follow_the_embedded_ipv4(n: int) -> None:
    v4 = ipaddress.IPv4Address(n)
    expected = is_public_address(str(v4))
    assert is_public_address(f"::ffff:{v4}") is expected
    assert is_public_address(f"64:ff9b::{v4}") is expected


# --------------------------------------------------------------------------- URL forms


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/",
        "http://0x7f000001/", "http://0x7F.0.0.1/", "http://127.0.1/", "http://0177.1/",
        "http://127.0.0.1./", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]:8080/", "http://127.0.0.1:9000/admin",
    ],
)
def test_numeric_loopback_forms_are_refused(url: str) -> None:
    with pytest.raises(BlockedURL, match="private or reserved"):
        check_url(url, resolver=no_dns)
    # allow_private shows they were parsed as addresses, not looked up as names
    parsed = check_url(url, policy=PRIVATE, resolver=no_dns)
    addr = ipaddress.ip_address(parsed[0])
    assert (getattr(addr, "ipv4_mapped", None) or addr).is_loopback


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"), ("10.1", "10.0.0.1"), ("0xa9fea9fe", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"), ("0x", "0.0.0.0"), ("1.2.3.4.", "1.2.3.4"),
        ("example.com", None), ("1x.com", None),
    ],
)
def test_inet_aton_forms(host: str, expected: str | None) -> None:
    parsed = parse_ipv4_number(host)
    assert (str(parsed) if parsed else None) == expected


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_inet_aton_forms_agree(n: int) -> None:
    a, b, c, d = ipaddress.IPv4Address(n).packed
    expected = ipaddress.IPv4Address(n)
    assert parse_ipv4_number(str(n)) == expected
    assert parse_ipv4_number(hex(n)) == expected
    assert parse_ipv4_number(f"0{a:o}.{b}.0x{c:x}.{d}") == expected
    assert parse_ipv4_number(f"{a}.{(b << 16) | (c << 8) | d}") == expected


@pytest.mark.parametrize("host", ["256.1.1.1", "1.2.3.4.5", "0x1g.1", "09.1.1.1", "1.2.3.256", "foo.123"])
def test_invalid_numeric_hosts_are_refused(host: str) -> None:
    with pytest.raises(BlockedURL, match="not a valid address"):
        check_url(f"http://{host}/", policy=PRIVATE, resolver=no_dns)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("example.com/page", "only http and https"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http://user@example.com/", "user name or password"),
        ("http://example.com@127.0.0.1/", "user name or password"),
        ("http://example.com\\@127.0.0.1/", "spaces or control"),
        ("http://exa mple.com/", "spaces or control"),
        ("http://example.com\n.evil/", "spaces or control"),
        ("http:///path", "no host"),
        ("http://example.com:99999/", "invalid port"),
        ("http://example.com:0/", "invalid port"),
        ("http://[::1/", "not a valid web address"),
        ("http://[fe80::1%25eth0]/", "zone"),
        ("http://exa%6dple.com/", "host name is not valid"),
        ("http://a:b:c/", "host name is not valid"),
    ],
)
def test_refused_url_forms(url: str, message: str) -> None:
    with pytest.raises(BlockedURL, match=message):
        check_url(url, policy=PRIVATE, resolver=no_dns)


def test_allow_private_still_refuses_credentials_and_schemes() -> None:
    with pytest.raises(BlockedURL):
        check_url("http://u:p@127.0.0.1/", policy=PRIVATE, resolver=no_dns)
    with pytest.raises(BlockedURL):
        check_url("ftp://127.0.0.1/", policy=PRIVATE, resolver=no_dns)
    with pytest.raises(BlockedURL, match="private or reserved"):
        check_url("http://0.0.0.0/", policy=PRIVATE, resolver=no_dns)  # never one host


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "ips",
    [
        ["127.0.0.1"], ["10.1.2.3"], ["169.254.169.254"], ["::1"], ["::ffff:10.0.0.1"],
        ["100.64.1.2"], ["fd00::5"], [PUBLIC_IP, "10.0.0.7"], ["2606:4700::1", "::1"],
        ["garbage"],
    ],
)
def test_names_resolving_to_non_public_addresses_are_refused(ips: list[str]) -> None:
    resolver = resolving({"sneaky.test": ips})
    with pytest.raises(BlockedURL, match="sneaky.test") as err:
        check_url("https://sneaky.test/x", resolver=resolver)
    assert resolver.calls == ["sneaky.test"]
    assert "token" not in str(err.value)


def test_name_resolving_to_public_addresses_is_allowed() -> None:
    resolver = resolving({"www.example.test": [PUBLIC_IP, "2606:2800:220:1::1", PUBLIC_IP]})
    assert check_url("https://WWW.Example.TEST./a?b=c", resolver=resolver) == [
        PUBLIC_IP,
        "2606:2800:220:1::1",
    ]
    assert resolver.calls == ["www.example.test"]


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "localhost.", "api.localhost"])
def test_localhost_names_are_refused_without_lookup(host: str) -> None:
    with pytest.raises(BlockedURL, match="this machine"):
        check_url(f"http://{host}:8080/", resolver=no_dns)


def test_unknown_name_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="could not find nowhere.test") as err:
        check_url("http://nowhere.test/", resolver=resolving({}))
    assert not isinstance(err.value, BlockedURL)


def test_unicode_names_are_looked_up_in_idna_form() -> None:
    resolver = resolving({"xn--bcher-kva.test": [PUBLIC_IP]})
    assert check_url("http://bücher.test/", resolver=resolver) == [PUBLIC_IP]


# --------------------------------------------------------------------------- pinning


def test_connection_goes_to_the_checked_ip_with_the_original_host(web: WebServer) -> None:
    web.route("/page", Reply.html("<p>public</p>"))
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    resolver = resolving({"public.test": [PUBLIC_IP]})

    got = fetch(f"http://public.test:{web.port}/page", resolver=resolver, transport=transport)

    assert got.body == b"<p>public</p>"
    assert got.final_url == f"http://public.test:{web.port}/page"
    [conn] = transport.connections
    assert (conn.ip, conn.port, conn.host_header) == (PUBLIC_IP, web.port, f"public.test:{web.port}")
    assert web.requests[0].headers["Host"] == f"public.test:{web.port}"


def test_https_sets_sni_to_the_original_host(web: WebServer) -> None:
    web.route("/s", Reply.text("secure"))
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    got = fetch(
        f"https://secure.test:{web.port}/s",
        resolver=resolving({"secure.test": [PUBLIC_IP]}),
        transport=transport,
    )
    assert got.body == b"secure"
    [conn] = transport.connections
    assert (conn.scheme, conn.ip, conn.sni_hostname) == ("https", PUBLIC_IP, "secure.test")


def test_next_checked_address_is_tried_when_a_connect_fails(web: WebServer) -> None:
    web.route("/p", Reply.text("second"))
    transport = PinningTransport({OTHER_PUBLIC_IP: "127.0.0.1"})  # the first IP is unreachable
    got = fetch(
        f"http://multi.test:{web.port}/p",
        resolver=resolving({"multi.test": [PUBLIC_IP, OTHER_PUBLIC_IP]}),
        transport=transport,
    )
    assert got.body == b"second"
    assert [c.ip for c in transport.connections] == [PUBLIC_IP, OTHER_PUBLIC_IP]


def test_dns_rebinding_cannot_switch_the_address(web: WebServer) -> None:
    web.route("/p", Reply.text("first answer"))
    answers = iter([[PUBLIC_IP], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str) -> list[str]:
        calls.append(host)
        return next(answers)

    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    got = fetch(f"http://rebind.test:{web.port}/p", resolver=rebinding, transport=transport)

    assert got.body == b"first answer"
    assert calls == ["rebind.test"]  # one lookup for one hop, never a second behind our back
    assert [c.ip for c in transport.connections] == [PUBLIC_IP]


def test_dns_rebinding_on_a_redirect_hop_is_caught(web: WebServer) -> None:
    web.route("/start", Reply.redirect("/next"))
    web.route("/next", Reply.text("internal secrets"))
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str) -> list[str]:
        calls.append(host)
        return next(answers)

    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    with pytest.raises(BlockedURL, match="rebind.test points to a private"):
        fetch(f"http://rebind.test:{web.port}/start", resolver=rebinding, transport=transport)
    assert calls == ["rebind.test", "rebind.test"]  # every hop is checked
    assert [c.path for c in transport.connections] == ["/start"]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://[::1]:{port}/secret",
        "http://localhost:{port}/secret",
        "http://internal.test:{port}/secret",
        "http://metadata.test/latest/meta-data/",
        "http://u:p@public.test:{port}/secret",
        "file:///etc/passwd",
    ],
)
def test_redirect_from_a_public_host_to_a_private_one_is_refused(web: WebServer, location: str) -> None:
    web.route("/go", Reply.redirect(location.format(port=web.port)))
    web.route("/secret", Reply.text("internal secrets"))
    resolver = resolving(
        {"public.test": [PUBLIC_IP], "internal.test": ["10.0.0.5"], "metadata.test": ["169.254.169.254"]}
    )
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    with pytest.raises(BlockedURL):
        fetch(f"http://public.test:{web.port}/go", resolver=resolver, transport=transport)
    assert web.requests_to("/secret") == []
    assert [c.path for c in transport.connections] == ["/go"]


def test_private_target_is_refused_before_any_connection(web: WebServer) -> None:
    web.route("/secret", Reply.text("internal secrets"))
    with pytest.raises(BlockedURL):
        fetch(web.url("/secret"))
    with pytest.raises(BlockedURL):
        fetch(f"http://intranet.test:{web.port}/secret", resolver=resolving({"intranet.test": ["127.0.0.1"]}))
    assert web.requests == []
