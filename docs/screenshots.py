"""Take the README's screenshots (docs/screenshots/*.png) of the demo data.

    .venv/bin/python docs/screenshots.py

Serves the app on a free loopback port with a throwaway SQLite database holding every text
in fixtures/ (as the README's serve command does), drives Debian's Chromium through
Playwright at a phone-ish and a desktop width, and stops the server by its PID.
Needs the dev install (README command 2) and /usr/bin/chromium.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer on {url}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/shots.sqlite3")
        env["DJANGO_MEDIA_ROOT"] = f"{tmp}/media"
        manage(env, "migrate", "-v0")
        manage(env, "import_minutes", "fixtures", "--allow-failures", "-v0")
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="da-DK")
                page.goto(base + "/")
                page.screenshot(path=OUT / "forside.png")
                page.goto(base + "/soeg/?q=digitale+m%C3%B8der")
                page.screenshot(path=OUT / "soegning.png")
                page.locator("main a[href^='/punkter/']").first.click()
                page.wait_for_load_state()
                page.set_viewport_size({"width": 390, "height": 844})
                page.screenshot(path=OUT / "punkt.png")
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # the server we started, by its PID
            server.wait(timeout=10)
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
