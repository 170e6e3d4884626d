"""The parser is pure Python: importing it must not load Django."""

from __future__ import annotations

import subprocess
import sys

from .helpers import REPO_ROOT


def test_importing_the_parser_loads_no_django_module():
    code = (
        "import meetings.parsing, sys; "
        "assert not any(m.startswith('django') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_parsing_a_seed_loads_no_django_module():
    code = (
        "import sys, pathlib; from meetings.parsing import parse; "
        "[parse(p.read_text('utf-8')) for p in pathlib.Path('fixtures/minutes').glob('*.txt')]; "
        "assert not any(m.startswith('django') for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
