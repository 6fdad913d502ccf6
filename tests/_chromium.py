"""A small headless-Chromium driver for the browser tests, over the DevTools protocol.

Only what the tests need: open a page, evaluate JavaScript, take a screenshot, and collect
JavaScript exceptions and failed loads. ``offline=True`` blocks every network request (an
unreachable proxy and no DNS), as in a lecture hall without internet.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websocket

from crmlib.course import pdf
from crmlib.course._outputs import ReportError

FLAGS = [*pdf.HEADLESS, "--disable-quic", "--hide-scrollbars"]
OFFLINE = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium_path() -> str:
    """The browser crmlib prints PDFs with (:func:`crmlib.course.pdf.find_chromium`), or skip (fail
    in CI, where .ci/run installs it)."""
    try:
        return pdf.find_chromium()
    except ReportError:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, profile: Path, *, offline: bool = False, size: str = "1280,900") -> None:
        self.profile = profile
        cmd = [chromium_path(), *FLAGS, *(OFFLINE if offline else [])]
        cmd += [f"--user-data-dir={profile}", "--remote-debugging-port=0"]
        cmd += [f"--window-size={size}", "about:blank"]
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._ids = itertools.count(1)
        self.exceptions: list[str] = []
        self.failed: list[str] = []
        self._urls: dict[str, str] = {}

    def __enter__(self) -> Browser:
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True, timeout=60
        )
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.exceptions.append(details.get("exception", {}).get("description", str(details)))
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            self.failed.append(f"{params.get('errorText')} ({params['requestId']})")
        elif method == "Network.requestWillBeSent":
            self._urls[params["requestId"]] = params["request"]["url"]

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events seen meanwhile are kept)."""
        ident = next(self._ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._event(message)

    def open(self, url: str, *, settle: float = 1.0) -> None:
        """Navigate to *url*, wait for its load event, then *settle* seconds more."""
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            self._event(message)
            if message.get("method") == "Page.loadEventFired":
                break
        end = time.monotonic() + settle
        while time.monotonic() < end:  # let scripts run; keep reading events
            self.evaluate("1")
            time.sleep(0.1)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def failed_urls(self) -> list[str]:
        """URLs whose load failed (blocked, missing file, ...)."""
        return [
            f"{self._urls.get(entry.split('(')[-1].rstrip(')'), '?')}: {entry}"
            for entry in self.failed
        ]

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        """Save a PNG of the viewport (or the whole page) to *path*."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path
