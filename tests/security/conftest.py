"""Shared fixtures for the security tests: a corpus with closed items full of secret words,
personas (anonymous, a clerk of the documents' municipality, a clerk of another one, an admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from meetings.importing import import_text
from meetings.models import Municipality, SourceDocument
from meetings.permissions import make_clerk

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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ballerup(db) -> Municipality:
    return Municipality.objects.get(code=151)


@pytest.fixture
def albertslund(db) -> Municipality:
    return Municipality.objects.get(code=165)


@pytest.fixture
def clerk_a(ballerup):
    user = get_user_model().objects.create_user("clerk_a", password=PASSWORD)
    make_clerk(user, [ballerup])
    return user


@pytest.fixture
def clerk_b(albertslund):
    user = get_user_model().objects.create_user("clerk_b", password=PASSWORD)
    make_clerk(user, [albertslund])
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chef", password=PASSWORD)


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
