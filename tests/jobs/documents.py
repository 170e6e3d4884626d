"""Generated minutes texts (referater) for the job tests and bench/jobs.py.

Each document is a new meeting of one of a few Ballerup bodies in the seed's layout
(»REFERAT <udvalg> d. DD-MM-YYYY«, »Punkt N: …«, a KLE case number, Sagsfremstilling,
Beslutning), so the parser reads it end to end like the seed it imitates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

BODIES = (
    "Digitaliserings- og Teknologiudvalget",
    "Økonomiudvalget",
    "Børne- og Skoleudvalget",
    "Kultur- og Fritidsudvalget",
)
MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()
WEEKDAYS = "Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag".split()
TOPICS = (
    "Budgetopfølgning",
    "Ansøgning om tilskud til foreningslokaler",
    "Høring om trafikplan",
    "Status for digitale selvbetjeningsløsninger",
    "Renovering af skolernes udearealer",
    "Orientering om sygefravær",
)


def minutes_text(number: int, items: int = 8, paragraphs: int = 2) -> str:
    """Minutes of meeting ``number``: a body and a date of its own, ``items`` agenda items."""
    body = BODIES[number % len(BODIES)]
    date = dt.date(2000, 1, 3) + dt.timedelta(days=number // len(BODIES))
    lines = [
        "",
        f"REFERAT {body} d. {date:%d-%m-%Y}",
        "",
        f"Mødedato {WEEKDAYS[date.weekday()]} d. {date.day}. {MONTHS[date.month - 1]} "
        f"{date.year} kl. 16:30",
        "",
        "Mødested Mødecenter A, Lokale 3 på Ballerup Rådhus",
        "",
        "Mødedeltagere Jette Brøndum (A), Ali Abbasi (Ø), Kåre Harder Olesen (V)",
        "",
    ]
    for item in range(1, items + 1):
        topic = TOPICS[(number + item) % len(TOPICS)]
        lines += [
            f"Punkt {item}: {topic} ({number}.{item})",
            "",
            f"85.13.00-G01-{number % 1000}-{item:02d}",
            "",
            "Sagsfremstilling",
            "",
        ]
        for paragraph in range(paragraphs):
            lines += [
                f"Administrationen orienterer om sag {number}.{item}, afsnit {paragraph + 1}. "
                "Udvalget drøftede sagen og de økonomiske konsekvenser for kommunen, herunder "
                "driftsudgifterne i de kommende budgetår og borgernes adgang til tilbuddet.",
                "",
            ]
        lines += ["Beslutning", "", f"Godkendt ({number}.{item}).", ""]
    return "\n".join(lines)


def write_minutes(folder: Path, count: int, items: int = 8, start: int = 0) -> list[Path]:
    """``count`` generated documents as UTF-8 .txt files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"referat-{number:05d}.txt"
        path.write_text(minutes_text(number, items), encoding="utf-8")
        paths.append(path)
    return paths
