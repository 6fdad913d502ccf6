"""Slide decks load everything from files beside them (no CDN), from pinned, licensed copies."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crmlib.course import cli, editions

VENDOR = Path(editions.__file__).parents[1] / "_vendor"  # crmlib/_vendor


class _Links(HTMLParser):
    """Every src= and href= of script, link and img elements."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "link", "img"}:
            self.links += [v for k, v in attrs if k in {"src", "href"} and v]


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return editions.make_slides("02", tmp_path_factory.mktemp("slides"))


def test_deck_loads_only_local_files(deck):
    parser = _Links()
    parser.feed(deck.read_text(encoding="utf-8"))
    loaded = [link for link in parser.links if not link.startswith("data:")]
    assert len(loaded) >= 5  # reveal.css, theme, jQuery, require.js, MathJax
    for link in loaded:
        assert not re.match(r"[a-z]+:|//", link), f"{link} is not a relative path"
        assert (deck.parent / link.split("?")[0]).is_file(), f"{link} is missing"
    body = deck.read_text(encoding="utf-8")
    assert '"assets/reveal.js/dist/reveal.js"' in body  # required by the deck's start-up script
    assert (deck.parent / "assets/reveal.js/plugin/notes/notes.js").is_file()
    assert (deck.parent / "assets/mathjax/config/local/crm.js").is_file()


def test_vendored_files_match_their_manifest():
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"reveal.js", "requirejs", "jquery"}
    for name, entry in manifest.items():
        assert entry["license"] == "MIT"
        for relative, digest in entry["files"].items():
            data = (VENDOR / name / relative).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, f"{name}/{relative} was edited"
    assert "MIT" in (VENDOR / "reveal.js" / "LICENSE").read_text(encoding="utf-8")
    header = (VENDOR / "reveal.js/dist/reveal.js").read_text(encoding="utf-8")[:200]
    assert "reveal.js 5." in header  # 5.2.1's build still says 5.2.0 in this banner


def test_reveal_prefix_overrides_the_bundled_copy(tmp_path):
    deck = editions.make_slides("02", tmp_path, reveal_prefix="https://example.org/reveal")
    assert 'href="https://example.org/reveal/dist/reveal.css"' in deck.read_text(encoding="utf-8")


def test_cli_slides_unknown_chapter_is_a_usage_error(capsys):
    assert cli.main(["slides", "99"]) == 2
    assert "crm-course: error: chapter '99' matches 0 notebooks" in capsys.readouterr().err


def test_live_slides_extension_is_installed_and_enabled():
    """jupyterlab-rise: an instructor opens a chapter as a live slideshow inside JupyterLab.

    Reads what ``jupyter labextension list`` and ``jupyter server extension list`` read (the
    prebuilt extension's package.json, the server-extension switch, the disabled list), without
    starting their 10-30 s scans of every installed package.
    """
    import json

    prefix = Path(sys.prefix)
    package = prefix / "share/jupyter/labextensions/jupyterlab-rise/package.json"
    assert package.is_file(), "jupyterlab-rise's prebuilt lab extension is not installed"
    assert json.loads(package.read_text(encoding="utf-8"))["name"] == "jupyterlab-rise"
    switch = prefix / "etc/jupyter/jupyter_server_config.d/jupyterlab_rise.json"
    enabled = json.loads(switch.read_text(encoding="utf-8"))["ServerApp"]["jpserver_extensions"]
    assert enabled.get("jupyterlab_rise") is True
    page_config = prefix / "etc/jupyter/labconfig/page_config.json"
    if page_config.is_file():
        disabled = json.loads(page_config.read_text(encoding="utf-8")).get("disabledExtensions", {})
        assert not disabled.get("jupyterlab-rise"), "jupyterlab-rise is disabled in page_config"


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # no terminal colours
