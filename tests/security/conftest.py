"""Shared fixtures for the security tests: a corpus with closed items full of secret words,
personas (anonymous, a clerk of the documents' municipality, a clerk of another one, an admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from meetings.importing import import_text
from meetings.models import SourceDocument

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLOSED_TEXT = FIXTURES / "security" / "lukkede-punkter.txt"
BALLERUP_SEED = FIXTURES / "minutes" / "ballerup-digitalisering-2021-10-13.txt"
ALBERTSLUND_SEED = FIXTURES / "minutes" / "albertslund-chefforum-2020-05-20.txt"
PASSWORD = "korrekt-hest-batteri-42"

# Words that occur only in the closed items' content (never in a title) of CLOSED_TEXT, and
# the case number only a closed item carries.
SECRETS = ("Qoppahemmelig", "Vrimpeldorf", "Xylofonia", "Zyxwerkant", "81.03.00-A00-777-22")
# The warning the parser gives for the closed item's unnumbered "Punkt: …" line.
WARNING_WORDS = "Punktoverskrift uden nummer"


def closed_text() -> str:
    return CLOSED_TEXT.read_text(encoding="utf-8")


def edited(text: str) -> str:
    """A new version of the minutes: the open item's decision changed."""
    changed = text.replace("Taget til efterretning.", "Taget til efterretning med ros.", 1)
    assert changed != text
    return changed


# The clerks' personas and per-test media folder, defined once in tests/clerks/conftest.py.
from tests.clerks.conftest import *  # noqa: E402, F403


@dataclass
class Corpus:
    superseded: SourceDocument  # the first version of the closed-items minutes
    current: SourceDocument  # the edited version that replaced it
    ballerup_seed: SourceDocument
    albertslund_seed: SourceDocument


@pytest.fixture
def corpus(ballerup, albertslund) -> Corpus:
    """The closed-items minutes imported into Albertslund, then an edited version of them
    (so the first source document is superseded), plus the Ballerup and Albertslund seeds.

    The closed item 3 carries 00.01.00-P35-301-20, which Ballerup's seed uses on an open item:
    Albertslund's only use of that number is closed."""
    text = closed_text()
    first = import_text(text, original_name="lukkede-punkter.txt", municipality=albertslund)
    second = import_text(
        edited(text), original_name="lukkede-punkter-v2.txt", municipality=albertslund
    )
    assert first.status == "created" and second.status == "updated"
    assert first.source.pk != second.source.pk
    ballerup_seed = import_text(
        BALLERUP_SEED.read_text(encoding="utf-8"),
        original_name=BALLERUP_SEED.name,
        municipality=ballerup,
    )
    albertslund_seed = import_text(
        ALBERTSLUND_SEED.read_text(encoding="utf-8"),
        original_name=ALBERTSLUND_SEED.name,
        municipality=albertslund,
    )
    return Corpus(first.source, second.source, ballerup_seed.source, albertslund_seed.source)
