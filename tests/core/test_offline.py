"""DESIGN §6: the suite runs with the network blocked; prove the block is really active."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from helpers import BLOCKED_ATTEMPTS, NetworkBlockedError


def _expect_blocked(action):
    before = len(BLOCKED_ATTEMPTS)
    with pytest.raises(NetworkBlockedError):
        action()
    assert len(BLOCKED_ATTEMPTS) == before + 1
    del BLOCKED_ATTEMPTS[before:]  # deliberate attempts do not fail this test


def test_tcp_connect_is_blocked():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        _expect_blocked(lambda: sock.connect(("127.0.0.1", 9)))
        _expect_blocked(lambda: sock.connect_ex(("127.0.0.1", 9)))


def test_udp_and_ipv6_connect_are_blocked():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        _expect_blocked(lambda: sock.connect(("127.0.0.1", 53)))
    if socket.has_ipv6:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            _expect_blocked(lambda: sock.connect(("::1", 9)))


def test_name_lookup_and_high_level_clients_are_blocked():
    _expect_blocked(lambda: socket.getaddrinfo("pypi.org", 443))
    _expect_blocked(lambda: socket.create_connection(("example.com", 80), timeout=1))
    before = len(BLOCKED_ATTEMPTS)
    with pytest.raises(NetworkBlockedError):
        urllib.request.urlopen("http://example.com", timeout=1)
    assert len(BLOCKED_ATTEMPTS) > before
    del BLOCKED_ATTEMPTS[before:]


def test_local_unix_sockets_still_work():
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"


def test_environment_is_set_before_imports():
    import os

    assert os.environ["NO_ALBUMENTATIONS_UPDATE"] == "1"
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
