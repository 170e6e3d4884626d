"""A small corpus of agenda items across three bodies in two municipalities."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from tests.web import factories as f


@pytest.fixture
def corpus(db):
    """Aarhus (Magistraten 2020-08-24, Byrådet 2020-09-09) and Ballerup (2021-10-13).

    Word plan: "valglister" only in Aarhus item 3; "møderne" only in a Ballerup section;
    "digitale møder" as a phrase in Aarhus items, "møder om digitale" (no phrase) in Ballerup;
    "venstre" only in the Byrådet item; "hemmeligholdt", "løntillæg" and "Xenofon" only in
    the closed item's content.
    """
    magistraten = f.body("Magistraten", code=751)
    byraadet = f.body("Aarhus Byråd", code=751)
    digi = f.body("Digitaliserings- og Teknologiudvalget", code=151)

    m1 = f.meeting(
        magistraten,
        date=dt.date(2020, 8, 24),
        start=dt.time(8, 30),
        end=dt.time(10, 0),
        location="Teams-møde",
        participants=(("Jacob Bundsgaard", "A"), ("Rabih Azad-Ahmad", "B")),
        absent=(("Bünyamin Simsek", "V"),),
    )
    agenda = f.item(m1, "Godkendelse af dagsorden", decision="Godkendt.")
    digital = f.item(
        m1,
        "Erfaringer med digitale møder i Aarhus Kommune",
        decision="Fremsendes til byrådet. Digitale møder fastholdes, hvor det giver mening.",
        sections=(
            ("Beslutning", "decision", "Fremsendes til byrådet."),
            ("Resumé", "summary", "Undersøgelsen viser, at mange møder kan holdes digitalt."),
            (
                "Indstilling",
                "recommendation",
                "At undersøgelsens resultater tages til efterretning.",
            ),
            ("Bilag", "attachments", "Bilag 1 Statistik for Teams"),
        ),
        cases=(("20/030692", "esdh"), ("00.01.00-P35", "kle", "00.01.00")),
        attachments=("Bilag 1 Statistik for Teams", "Bilag 2 Casebeskrivelser"),
    )
    lists = f.item(
        m1,
        "Valglister til kommunalvalget",
        decision="Valglisterne godkendes som indstillet.",
        cases=(("21/000111", "esdh"), ("00.01.10-G01", "kle", "00.01.10")),
    )
    closed = f.item(
        m1,
        "Personalesag",
        closed=True,
        decision="Fortrolig beslutning om hemmeligholdt løntillæg.",
        sections=(("Sagsfremstilling", "presentation", "Medarbejderen Xenofon søger løntillæg."),),
        cases=(("20/999999", "esdh"),),
        attachments=("Lønoversigt Xenofon",),
    )
    m2 = f.meeting(byraadet, date=dt.date(2020, 9, 9), start=dt.time(18, 30))
    council = f.item(
        m2,
        "Digitale møder – beslutningsforslag fra Venstre",
        decision="Vedtaget.",
        cases=(("20/030692", "esdh"),),
    )
    m3 = f.meeting(digi, date=dt.date(2021, 10, 13), start=dt.time(16, 0), location="Rådhuset")
    schools = f.item(
        m3,
        "Status på digitalisering af skoleområdet",
        decision="Taget til efterretning.",
        sections=(
            ("Sagsfremstilling", "presentation", "Møderne i udvalget viste fremgang for skolerne."),
        ),
        cases=(("17.01.00-A00", "kle", "17.01.00"),),
    )
    budget = f.item(
        m3,
        "Budget 2022 for IT",
        decision="Anbefales. Møder om digitale løsninger udskydes.",
    )
    return SimpleNamespace(
        magistraten=magistraten,
        byraadet=byraadet,
        digi=digi,
        m1=m1,
        m2=m2,
        m3=m3,
        agenda=agenda,
        digital=digital,
        lists=lists,
        closed=closed,
        council=council,
        schools=schools,
        budget=budget,
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """The front page caches its municipality list; every test starts without it."""
    cache.clear()
    yield
    cache.clear()
