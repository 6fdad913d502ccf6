"""Refresh the vendored JavaScript (reveal.js, require.js, jQuery) from the npm registry.

Run from the repository root with npm on the PATH::

    python -m crmlib._vendor.update

Each package is fetched with ``npm pack NAME@VERSION`` at the pinned version, its tarball is
checked against the pinned sha512 integrity, and only the files the slide decks load (plus the
licence) are copied into ``crmlib/_vendor/NAME/``. ``manifest.json`` records name, version,
licence, integrity and the sha256 of every copied file; ``tests/test_slides.py`` checks the
files against it. Students and CI never run this: the copies are committed, so the slides work
with Python and pip alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"

_FONT = "dist/theme/fonts/source-sans-pro/"
#: name -> (version, licence, npm sha512 integrity, files inside the package to keep)
PACKAGES: dict[str, tuple[str, str, str, list[str]]] = {
    "reveal.js": (
        "5.2.1",
        "MIT",
        "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ==",
        [
            "LICENSE",
            "dist/reveal.js",
            "dist/reveal.css",
            "dist/theme/white.css",
            "plugin/notes/notes.js",
            _FONT + "LICENSE",
            _FONT + "source-sans-pro.css",
            *(
                f"{_FONT}source-sans-pro-{face}.woff"
                for face in ("regular", "italic", "semibold", "semibolditalic")
            ),
        ],
    ),
    "requirejs": (
        "2.3.7",
        "MIT",
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        ["package.json", "require.js"],  # licence in both (no LICENSE file)
    ),
    "jquery": (
        "3.7.1",
        "MIT",
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        ["LICENSE.txt", "dist/jquery.min.js"],
    ),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fetch(name: str, version: str, integrity: str, into: Path) -> Path:
    """``npm pack`` one package into *into*, check its integrity and unpack it."""
    subprocess.run(
        ["npm", "pack", "--silent", f"{name}@{version}"], cwd=into, check=True, capture_output=True
    )
    (tarball,) = into.glob(f"{name}-{version}.tgz")
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != integrity:
        raise RuntimeError(f"{tarball.name}: integrity mismatch (sha512-{digest})")
    unpacked = into / name
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def update() -> dict[str, dict[str, object]]:
    """Fetch every pinned package, copy its kept files and write ``manifest.json``."""
    manifest: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, licence, integrity, files) in PACKAGES.items():
            source = _fetch(name, version, integrity, Path(tmp))
            target = HERE / name
            shutil.rmtree(target, ignore_errors=True)
            hashes = {}
            for relative in files:
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / relative, target / relative)
                hashes[relative] = _sha256(target / relative)
            manifest[name] = {
                "version": version,
                "license": licence,
                "integrity": integrity,
                "files": hashes,
            }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":  # pragma: no cover
    for name, entry in update().items():
        files = entry["files"]
        assert isinstance(files, dict)
        print(f"{name} {entry['version']} ({entry['license']}): {len(files)} files")
