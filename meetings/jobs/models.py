"""The import job record (indlæsningsjob): one file to import, its status and its result.

The row is ours, on every database: on PostgreSQL a procrastinate job (``queue_job_id``)
carries it to a worker; on SQLite it runs in-process at once (see meetings/jobs/submit.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobKind(models.TextChoices):
    UPLOAD = "upload", "Upload"
    FILE = "file", "Fil"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "I kø"
    RUNNING = "running", "I gang"
    SUCCEEDED = "succeeded", "Færdig"
    FAILED = "failed", "Fejlet"


class ImportJob(models.Model):
    """An import job (indlæsningsjob): a clerk's confirmed upload, or a file from
    ``import_minutes --queue``, waiting for, running in or finished by a worker."""

    kind = models.CharField("type", max_length=10, choices=JobKind.choices)
    status = models.CharField(
        "status", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    municipality = models.ForeignKey(
        "meetings.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name="kommune",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name="bestilt af",
    )
    original_name = models.CharField("filnavn", max_length=255)
    file = models.FileField("fil", upload_to="jobs/%Y/%m/", blank=True)
    path = models.CharField("sti", max_length=1000, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    # The confirmed preview's key: a second confirmation of the same preview is refused.
    pending_key = models.CharField(
        "forhåndsvisning", max_length=32, unique=True, null=True, blank=True
    )
    # What the clerk set in the preview where the parser was unsure (ClerkValues, by meeting).
    clerk_values = models.JSONField("sekretariatets oplysninger", default=dict, blank=True)
    # A meeting still missing its body or date: [meeting index, line, [field names]] each.
    incomplete = models.JSONField("mangler", default=list, blank=True)
    result = models.CharField("resultat", max_length=10, blank=True)
    message = models.TextField("besked", blank=True)
    meetings_count = models.PositiveIntegerField("møder", default=0)
    items_count = models.PositiveIntegerField("punkter", default=0)
    items_created = models.PositiveIntegerField("punkter oprettet", default=0)
    items_updated = models.PositiveIntegerField("punkter opdateret", default=0)
    items_deleted = models.PositiveIntegerField("punkter slettet", default=0)
    warnings_count = models.PositiveIntegerField("advarsler", default=0)
    conflicts_count = models.PositiveIntegerField("konflikter", default=0)
    upload = models.ForeignKey(
        "meetings.Upload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name="upload",
    )
    source = models.ForeignKey(
        "meetings.SourceDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name="kildedokument",
    )
    queue_job_id = models.BigIntegerField("kø-job", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("forsøg", default=0)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    started_at = models.DateTimeField("startet", null=True, blank=True)
    finished_at = models.DateTimeField("afsluttet", null=True, blank=True)

    class Meta:
        app_label = "meetings"
        ordering = ["-created_at", "-id"]
        verbose_name = "indlæsningsjob"
        verbose_name_plural = "indlæsningsjob"
        indexes = [models.Index(fields=["status", "-created_at"], name="importjob_status")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:job-status", kwargs={"pk": self.pk})

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
