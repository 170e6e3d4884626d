"""Fixtures of the files tests: the clerks' personas and a media folder per test."""

from __future__ import annotations

from tests.clerks.conftest import (  # noqa: F401 (fixtures)
    albertslund,
    ballerup,
    clerk_a,
    clerk_b,
    media_root,
    superuser,
)
