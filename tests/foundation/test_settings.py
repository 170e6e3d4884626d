"""Settings come from the environment and fail loudly in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "referat.settings"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_secret_key_is_required_outside_debug():
    result = run("import django; django.setup()", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_defaults_on_with_a_development_key():
    result = run("from django.conf import settings; print(settings.DEBUG, settings.LANGUAGE_CODE)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "da"]


def test_database_url_is_honoured():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = run(code, DATABASE_URL="postgres://someone@db.example:6543/referat_x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "referat_x",
        "db.example",
        "6543",
    ]
    default = run(code)
    assert default.stdout.split()[0] == "django.db.backends.sqlite3"
    assert default.stdout.split()[1] == str(ROOT / "db.sqlite3")


def test_time_zone_language_and_static_storage():
    code = (
        "from django.conf import settings; "
        "print(settings.TIME_ZONE, settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Europe/Copenhagen",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_deploy_check_passes_with_production_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k8Vb2-" + "q" * 20 + "Zx93_" + "p" * 30,
        DJANGO_ALLOWED_HOSTS="referat.example.dk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_log_line_is_printed_once():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('ENESTE-LINJE')"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("ENESTE-LINJE") == 1


def test_connections_persist_outside_debug_and_are_health_checked():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    production = run(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert production.stdout.split() == ["600", "True"], production.stderr
    debugging = run(code)
    assert debugging.stdout.split() == ["0", "True"], debugging.stderr
    chosen = run(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DATABASE_CONN_MAX_AGE="30")
    assert chosen.stdout.split() == ["30", "True"], chosen.stderr
