"""Extraction in a child process with resource limits (sandkasse).

PDF, DOCX and HTML are read by a fresh ``python -m meetings.extract.sandbox`` child whose
address space (RLIMIT_AS), CPU time (RLIMIT_CPU) and output size are limited, with a
wall-clock timeout on top. A file that blows up in memory or loops kills only the child;
the worker answers with a Danish message. The child imports no Django and gets the file on
stdin and the format and limits as arguments; it answers one JSON object on stdout:
``{"text": …}`` or ``{"error": …}`` (an ExtractionFailed message).

Cost: starting the child is about 0.1–0.2 s of a worker's time per PDF/DOCX/HTML file (see
bench/extract.py); the text path, by far the most common, stays in process.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
from dataclasses import asdict, replace

from .limits import ExtractionFailed, Limits

CRASHED = (
    "Filen kunne ikke læses inden for de tilladte grænser for hukommelse og tid (den er for "
    "stor eller for kompleks). Gem referatet som tekst, eller del det op, og prøv igen."
)
TIMED_OUT = (
    "Det tog for lang tid at læse filen (over {seconds:.0f} sekunder). Gem referatet som "
    "tekst, eller del det op, og prøv igen."
)


PARSE_TOO_SLOW = (
    "Teksten er for stor eller for indviklet til at blive læst inden for tidsgrænsen "
    "({seconds:.0f} sekunder). Del referatet op i flere filer, og prøv igen."
)


def _limit_self(limits: Limits) -> None:
    """Called first thing in the child: bound its own memory, CPU time and core dumps, and run
    at a lower priority, so a big upload yields the CPU to citizens' page requests."""
    os.nice(10)
    resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))
    cpu = limits.max_cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_env() -> dict[str, str]:
    # The child finds the same packages as this process (the project, the virtualenv).
    return {
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def parse_in_child(text: str, limits: Limits):
    """``meetings.parsing.parse(text)`` in a limited child: a crafted text that would keep the
    parser busy for minutes costs this process nothing but the wait (at most
    ``limits.timeout_seconds``). The ParsedDocument comes back pickled: the child runs this
    project's code only, and what the text controls are the records' strings."""
    command = [
        sys.executable,
        "-m",
        "meetings.extract.sandbox",
        "parse",
        json.dumps(asdict(limits)),
    ]
    try:
        finished = subprocess.run(
            command,
            input=text.encode("utf-8", "surrogatepass"),
            capture_output=True,
            timeout=limits.timeout_seconds,
            env=_child_env(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionFailed(PARSE_TOO_SLOW.format(seconds=limits.timeout_seconds)) from exc
    if finished.returncode == -9 or finished.returncode == -24:  # SIGKILL / SIGXCPU: CPU time
        raise ExtractionFailed(PARSE_TOO_SLOW.format(seconds=limits.max_cpu_seconds))
    if finished.returncode != 0 or not finished.stdout.startswith(b"P"):
        raise ExtractionFailed(CRASHED)
    return pickle.loads(finished.stdout[1:])


def parse_limits(limits: Limits) -> Limits:
    """Parsing in a web request: a tighter time bound than reading a file."""
    return replace(
        limits,
        max_cpu_seconds=min(limits.max_cpu_seconds, 20),
        timeout_seconds=min(limits.timeout_seconds, 25.0),
    )


def run(kind: str, data: bytes, limits: Limits) -> str:
    """The text of ``data`` read as ``kind`` (pdf, docx, html) in a limited child process."""
    command = [sys.executable, "-m", "meetings.extract.sandbox", kind, json.dumps(asdict(limits))]
    env = _child_env()
    try:
        finished = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=limits.timeout_seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionFailed(TIMED_OUT.format(seconds=limits.timeout_seconds)) from exc
    try:
        answer = json.loads(finished.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if finished.returncode != 0 or not isinstance(answer, dict):
        raise ExtractionFailed(CRASHED)
    if "error" in answer:
        raise ExtractionFailed(str(answer["error"]))
    return str(answer.get("text", ""))


def _child(kind: str, limits_json: str) -> int:
    from . import read_in_process

    limits = Limits(**json.loads(limits_json))
    _limit_self(limits)
    data = sys.stdin.buffer.read()
    if kind == "parse":
        from meetings.parsing import parse

        document = parse(data.decode("utf-8", "surrogatepass"))
        sys.stdout.buffer.write(b"P" + pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
        return 0
    try:
        answer = {"text": read_in_process(kind, data, limits)}
    except ExtractionFailed as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        return 3
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=True).encode("ascii"))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2]))
