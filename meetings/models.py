"""Referat's schema: municipalities, bodies, meetings, agenda items and what hangs off them.

English names in code, the Danish term in the docstring. The importer
(meetings/importing/) fills these tables; every public page reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .links import link


def danish_slug(value: str) -> str:
    """A URL slug that keeps Danish letters readable: æ→ae, ø→oe, å→aa."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
    return slugify(value.translate(table))[:100] or "x"


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", "Region Hovedstaden"
    SJAELLAND = "sjaelland", "Region Sjælland"
    SYDDANMARK = "syddanmark", "Region Syddanmark"
    MIDTJYLLAND = "midtjylland", "Region Midtjylland"
    NORDJYLLAND = "nordjylland", "Region Nordjylland"


class MunicipalityKind(models.TextChoices):
    MUNICIPALITY = "kommune", "Kommune"
    REGION = "region", "Region"


class Municipality(models.Model):
    """A municipality (kommune), identified by its official kommunekode; or one of the five
    regions (region, kind ``region``, code 1081–1085), whose council's minutes are read and
    published the same way."""

    code = models.PositiveSmallIntegerField("kommunekode", unique=True)
    kind = models.CharField(
        "type",
        max_length=10,
        choices=MunicipalityKind.choices,
        default=MunicipalityKind.MUNICIPALITY,
    )
    name = models.CharField("navn", max_length=100)  # "Aarhus Kommune"
    short_name = models.CharField("kort navn", max_length=60)  # "Aarhus"
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField("region", max_length=20, choices=Region.choices)
    clerks = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="clerk_municipalities",
        blank=True,
        verbose_name="sekretariatsmedarbejdere",
        help_text="Brugere der må uploade og rette referater for kommunen.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("meetings:municipality", municipality=self.slug)


class Body(models.Model):
    """A political or administrative body: udvalg, byråd, magistrat, direktion."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bodies", verbose_name="kommune"
    )
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(max_length=100)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "politisk organ"
        verbose_name_plural = "politiske organer"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="body_unique_name"),
            models.UniqueConstraint(fields=["municipality", "slug"], name="body_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.short_name})"

    def get_absolute_url(self) -> str:
        return link("meetings:body", municipality=self.municipality.slug, body=self.slug)


class SourceDocument(models.Model):
    """The file a meeting came from (kildedokument): provenance for every parsed field."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="source_documents",
        verbose_name="kommune",
    )
    original_name = models.CharField("filnavn", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    text = models.TextField("udtrukket tekst")
    file = models.FileField("original fil", upload_to="kilder/%Y/%m/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploadet af",
    )
    created_at = models.DateTimeField("importeret", auto_now_add=True)
    parser_version = models.CharField("parserversion", max_length=40, blank=True)
    warnings = models.JSONField("advarsler", default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "kildedokument"
        verbose_name_plural = "kildedokumenter"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sha256"], name="sourcedocument_unique_content"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return link("meetings:source", pk=self.pk)


class MeetingKind(models.TextChoices):
    MINUTES = "referat", "Referat"
    AGENDA = "dagsorden", "Dagsorden"


class MeetingQuerySet(models.QuerySet):
    def for_municipality(self, municipality: Municipality) -> MeetingQuerySet:
        return self.filter(body__municipality=municipality)

    def held_between(self, start, end) -> MeetingQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def latest_first(self) -> MeetingQuerySet:
        return self.order_by("-date", "-start_time", "-pk")


class Meeting(models.Model):
    """A meeting (møde) of one body on one date."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name="organ"
    )
    date = models.DateField("mødedato", db_index=True)
    start_time = models.TimeField("starttid", null=True, blank=True)
    end_time = models.TimeField("sluttid", null=True, blank=True)
    location = models.CharField("mødested", max_length=300, blank=True)
    kind = models.CharField(
        "type", max_length=10, choices=MeetingKind.choices, default=MeetingKind.MINUTES
    )
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="kildedokument",
    )
    # The header values as last parsed; a field whose value differs from this was
    # corrected by a person and survives re-imports (see meetings/importing/).
    parsed = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date", "start_time"], name="meeting_unique_body_date_time"
            ),
            models.UniqueConstraint(
                fields=["body", "date"],
                condition=Q(start_time__isnull=True),
                name="meeting_unique_body_date_untimed",
            ),
        ]
        indexes = [models.Index(fields=["body", "-date"], name="meeting_body_date")]

    def __str__(self) -> str:
        return f"{self.body.name} {self.date:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the items' denormalised date/body/municipality in step with a corrected header.
        self.items.exclude(date=self.date, body_id=self.body_id).update(
            date=self.date, body_id=self.body_id, municipality_id=self.body.municipality_id
        )

    def get_absolute_url(self) -> str:
        return link(
            "meetings:meeting",
            municipality=self.body.municipality.slug,
            body=self.body.slug,
            pk=self.pk,
        )


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Deltager"
    ABSENT = "absent", "Afbud"
    SUBSTITUTE = "substitute", "Stedfortræder"


class Participant(models.Model):
    """A participant (mødedeltager), absentee (afbud) or substitute of a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name="møde"
    )
    name = models.CharField("navn", max_length=200)
    party = models.CharField("parti", max_length=10, blank=True)
    role = models.CharField("rolle", max_length=200, blank=True)
    status = models.CharField(
        "fremmøde",
        max_length=12,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    # The person this row names (set by meetings/pages/people.py after each import).
    person = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="person",
    )

    class Meta:
        ordering = ["meeting", "status", "position"]
        verbose_name = "deltager"
        verbose_name_plural = "deltagere"

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


class CaseScheme(models.TextChoices):
    ESDH = "esdh", "Sagsnummer"
    KLE = "kle", "KLE-journalnummer"
    DOCUMENT = "document", "Dokumentnummer"


class CaseNumberQuerySet(models.QuerySet):
    def public(self) -> CaseNumberQuerySet:
        """Case numbers at least one open item carries (see meetings/gate.py): a municipality
        whose only use of a number is on closed items is never named."""
        open_use = ItemCaseNumber.objects.filter(
            case_number=models.OuterRef("pk"), item__closed=False
        )
        return self.filter(models.Exists(open_use))


class CaseNumber(models.Model):
    """A case, journal or document number (sagsnr., j.nr., dokumentnr.) within a municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="case_numbers", verbose_name="kommune"
    )
    value = models.CharField("nummer", max_length=100)
    scheme = models.CharField("type", max_length=10, choices=CaseScheme.choices)
    # The KLE topic (emne) "NN.NN.NN" for KLE numbers, so the search can filter on 00.01 or 00.01.00.
    kle = models.CharField("KLE-emne", max_length=8, blank=True, db_index=True)

    objects = CaseNumberQuerySet.as_manager()

    class Meta:
        ordering = ["value"]
        verbose_name = "sagsnummer"
        verbose_name_plural = "sagsnumre"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "value"], name="casenumber_unique_value"
            )
        ]
        indexes = [models.Index(fields=["value"], name="casenumber_value")]

    def __str__(self) -> str:
        return self.value

    def get_absolute_url(self) -> str:
        return reverse("meetings:case", kwargs={"value": self.value})


class AgendaItemQuerySet(models.QuerySet):
    def public(self) -> AgendaItemQuerySet:
        """Open items: the ones whose content the public may read (see meetings/gate.py)."""
        return self.filter(closed=False)

    def for_municipality(self, municipality: Municipality) -> AgendaItemQuerySet:
        return self.filter(municipality=municipality)

    def decided_between(self, start, end) -> AgendaItemQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def newest_first(self) -> AgendaItemQuerySet:
        return self.order_by("-date", "-meeting_id", "position")

    def with_meeting(self) -> AgendaItemQuerySet:
        return self.select_related("meeting__body__municipality")


class AgendaItem(models.Model):
    """An agenda item (dagsordenspunkt). Closed items (Lukket) show their title only."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="møde"
    )
    number = models.PositiveIntegerField("nummer")
    title = models.CharField("titel", max_length=500)
    closed = models.BooleanField("lukket", default=False)
    position = models.PositiveIntegerField("rækkefølge", default=0)
    decision = models.TextField("beslutning", blank=True)
    case_numbers = models.ManyToManyField(
        CaseNumber, through="ItemCaseNumber", related_name="items", blank=True
    )
    # Denormalised from the meeting so search and lists filter and sort without joins.
    date = models.DateField("mødedato", db_index=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name="organ")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    # The values as last parsed (title, number, closed, decision, sections, case numbers,
    # attachments); a value that differs from this was corrected by a person.
    parsed = models.JSONField(default=dict, blank=True, editable=False)
    # PostgreSQL: weighted tsvector ('danish'), maintained by meetings/search.py.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_unique_number"),
        ]
        indexes = [
            models.Index(fields=["-date", "-meeting", "position"], name="item_newest"),
            models.Index(fields=["municipality", "-date"], name="item_municipality_date"),
            models.Index(fields=["body", "-date"], name="item_body_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if self.meeting_id and not (self.body_id and self.municipality_id and self.date):
            meeting = self.meeting
            self.date = meeting.date
            self.body_id = meeting.body_id
            self.municipality_id = meeting.body.municipality_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("meetings:item", pk=self.pk)


class SectionKind(models.TextChoices):
    DECISION = "decision", "Beslutning"
    RECOMMENDATION = "recommendation", "Indstilling"
    SUMMARY = "summary", "Resumé"
    PRESENTATION = "presentation", "Sagsfremstilling"
    HISTORY = "history", "Sagens forløb"
    ECONOMY = "economy", "Økonomi"
    ATTACHMENTS = "attachments", "Bilag"
    OTHER = "other", "Andet"


class Section(models.Model):
    """A section of an item (afsnit): heading as written plus a normalised kind."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="sections", verbose_name="punkt"
    )
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    heading = models.CharField("overskrift", max_length=300)
    kind = models.CharField("art", max_length=16, choices=SectionKind.choices)
    text = models.TextField("tekst", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "afsnit"
        verbose_name_plural = "afsnit"

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ItemCaseNumber(models.Model):
    """The link between an item and a case number, in the order written."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="case_links", verbose_name="punkt"
    )
    case_number = models.ForeignKey(
        CaseNumber, on_delete=models.PROTECT, related_name="links", verbose_name="sagsnummer"
    )
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "sagsnummer på punkt"
        verbose_name_plural = "sagsnumre på punkt"
        constraints = [
            models.UniqueConstraint(fields=["item", "case_number"], name="itemcase_unique"),
        ]

    def __str__(self) -> str:
        return self.case_number.value

    def get_absolute_url(self) -> str:
        return self.case_number.get_absolute_url()


class Attachment(models.Model):
    """An attachment (bilag) of an item."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name="punkt"
    )
    title = models.CharField("titel", max_length=500)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    file = models.FileField("fil", upload_to="bilag/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ConflictResolution(models.TextChoices):
    KEEP = "keep", "Rettelsen er bevaret"
    TAKE_NEW = "take_new", "Den nye tekst er taget"
    EDIT = "edit", "Redigeret"


class ImportConflict(models.Model):
    """A re-import whose text disagrees with a person's correction (konflikt).

    The correction is kept; the conflict is shown to the clerk until resolved.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="conflicts", verbose_name="møde"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
        verbose_name="punkt",
    )
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kildedokument",
    )
    field = models.CharField("felt", max_length=40)
    corrected_value = models.JSONField("rettet værdi", null=True)
    parsed_value = models.JSONField("ny indlæst værdi", null=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    resolved = models.BooleanField("løst", default=False)
    # How it was resolved (meetings/corrections/conflicts.py), by whom and when.
    resolution = models.CharField(
        "afgørelse", max_length=10, choices=ConflictResolution.choices, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="løst af",
    )
    resolved_at = models.DateTimeField("løst den", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "importkonflikt"
        verbose_name_plural = "importkonflikter"

    def __str__(self) -> str:
        target = self.item or self.meeting
        return f"{target}: {self.field}"

    def get_absolute_url(self) -> str:
        return (self.item or self.meeting).get_absolute_url()


class UploadStatus(models.TextChoices):
    CREATED = "created", "Oprettet"
    UPDATED = "updated", "Opdateret"
    UNCHANGED = "unchanged", "Uændret"
    FAILED = "failed", "Fejlet"


class Upload(models.Model):
    """A file a clerk uploaded (upload), with the result of its import."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="uploads", verbose_name="kommune"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="uploads",
        verbose_name="uploadet af",
    )
    original_name = models.CharField("filnavn", max_length=255)
    file = models.FileField("fil", upload_to="uploads/%Y/%m/")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("uploadet", auto_now_add=True)
    status = models.CharField("resultat", max_length=10, choices=UploadStatus.choices)
    message = models.TextField("besked", blank=True)
    warnings = models.JSONField("advarsler", default=list, blank=True)
    conflicts = models.JSONField("konflikter", default=list, blank=True)
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploads",
        verbose_name="kildedokument",
    )
    # The preview (pending upload) this upload confirmed: unique, so a preview is confirmed once.
    preview_key = models.CharField(
        "forhåndsvisning", max_length=32, null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "upload"
        verbose_name_plural = "uploads"
        indexes = [models.Index(fields=["municipality", "-created_at"], name="upload_recent")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:upload-detail", kwargs={"pk": self.pk})


class CitizenReport(models.Model):
    """An error a citizen reported on an item page (fejlrapport), waiting for review."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="reports", verbose_name="punkt"
    )
    message = models.TextField("beskrivelse", max_length=2000)
    email = models.EmailField("e-mail", blank=True)
    created_at = models.DateTimeField("indsendt", auto_now_add=True)
    handled = models.BooleanField("behandlet", default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="behandlet af",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "fejlrapport"
        verbose_name_plural = "fejlrapporter"
        indexes = [models.Index(fields=["handled", "-created_at"], name="report_open")]

    def __str__(self) -> str:
        return f"Fejlrapport om {self.item}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


# ---------------------------------------------------------------------------------------
# Originals and people (issue 11): the file a source came from, and persons across meetings.


class SourceFile(models.Model):
    """The original file (originalfil) a source document was read from: PDF, DOCX, HTML or
    text as uploaded, with what a download needs to say about it. Without a stored file the
    original is the imported text itself (``file`` empty)."""

    source = models.OneToOneField(
        SourceDocument,
        on_delete=models.CASCADE,
        related_name="original",
        verbose_name="kildedokument",
    )
    file = models.FileField("fil", upload_to="originaler/%Y/%m/", blank=True)
    name = models.CharField("filnavn", max_length=255)
    content_type = models.CharField("indholdstype", max_length=100)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    pages = models.PositiveIntegerField("sider", null=True, blank=True)
    sha256 = models.CharField("SHA-256 af filen", max_length=64)
    # True when, as parsed, a closed item (Lukket) carries more than its title: such a file
    # is never served to the public (a PDF cannot be redacted).
    closed_content = models.BooleanField("lukket indhold i filen", default=False)
    created_at = models.DateTimeField("gemt", auto_now_add=True)

    class Meta:
        verbose_name = "originalfil"
        verbose_name_plural = "originalfiler"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:source-file", kwargs={"pk": self.source_id})


class Person(models.Model):
    """A person (person) who took part in meetings of one municipality: one row per
    normalised name and party letter, linked from every Participant row that names them."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name="kommune"
    )
    name = models.CharField("navn", max_length=200)
    party = models.CharField("parti", max_length=10, blank=True)
    slug = models.SlugField(max_length=100)

    class Meta:
        ordering = ["name", "party"]
        verbose_name = "person"
        verbose_name_plural = "personer"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="person_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    def get_absolute_url(self) -> str:
        return link("meetings:person", municipality=self.municipality.slug, person=self.slug)


class PersonKey(models.Model):
    """A normalised name + party (personnøgle) that belongs to a person. The importer links
    participants by key; an admin merges persons by moving keys, and the merge survives
    re-imports."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="kommune"
    )
    key = models.CharField("nøgle", max_length=220)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="keys", verbose_name="person"
    )

    class Meta:
        verbose_name = "personnøgle"
        verbose_name_plural = "personnøgler"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="personkey_unique"),
        ]

    def __str__(self) -> str:
        return self.key


# Imports as jobs (indlæsningsjob): the model lives with the rest of the jobs code.
from .jobs.models import ImportJob  # noqa: E402, F401
