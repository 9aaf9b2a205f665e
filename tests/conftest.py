"""Shared fixtures: small throw-away projects built from the real templates and static files."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A frozen copy of the example site (its site.toml and content/): the tests never read the
# repository's own content/, which the owner replaces with their list.
SHIPPED = FIXTURES / "shipped"

MINIMAL_CONFIG = """\
[site]
title = "Test list"
base_url = "https://example.org/reading-list/"

[build]
items_per_page = 2

[[tags]]
slug = "gnn"
name = "Graph neural networks"
description = "Learning on graphs."
terms = ["graph neural network", "GNN"]

[[tags]]
slug = "gan"
name = "GANs"
description = "Adversarial generators."
terms = ["GAN", "generative adversarial network"]
"""

ABSTRACT_GNN = (
    "We study graph neural networks on large graphs and show that message passing with a "
    "careful normalisation scales to billions of edges while keeping accuracy. Code is at "
    "https://github.com/example/gnn."
)
ABSTRACT_GAN = (
    "A generative adversarial network that produces talking heads from a single photo, with a "
    "depth-aware attention module that keeps the geometry of the face stable over time."
)

LISTING = f"""\
new

Subscribe

Mar 11

Scaling Graph Neural Networks

{ABSTRACT_GNN}

Talking Heads with a Depth-Aware GAN*

{ABSTRACT_GAN}
"""


def write_project(root: Path, listing: str = LISTING, config: str = MINIMAL_CONFIG) -> Path:
    """A project folder like a user's: site.toml, content/sources, templates/, static/."""
    (root / "content" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(config, encoding="utf-8")
    (root / "content" / "sources" / "list.txt").write_text(listing, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def run_cli() -> Callable[..., object]:
    """Invoke `build-site` in-process with the given arguments, from the given folder."""
    from generator.cli import main

    def run(*args: str, cwd: Path | None = None):
        runner = CliRunner()
        if cwd is None:
            return runner.invoke(main, list(args), catch_exceptions=False)
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(cwd)
            return runner.invoke(main, list(args), catch_exceptions=False)

    return run


def loopback(host: object) -> bool:
    if host in (None, "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach beyond this machine: a connection or name lookup of any other host
    fails at once (the machine has no network, and the suite must not need one)."""
    connect, connect_ex, getaddrinfo = (socket.socket.connect, socket.socket.connect_ex,
                                        socket.getaddrinfo)

    def check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
            raise ConnectionRefusedError(f"the tests may only connect to loopback, not {address}")

    def guarded_connect(sock: socket.socket, address: object) -> None:
        check(sock, address)
        return connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        check(sock, address)
        return connect_ex(sock, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if not loopback(host.decode() if isinstance(host, bytes) else host):
            raise socket.gaierror(socket.EAI_NONAME, f"the tests may not look up {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
