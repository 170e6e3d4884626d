"""The admin: every model registered and usable with real data; clerk actions."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.importing import import_path
from meetings.jobs.submit import submit_file_import
from meetings.models import (
    AgendaItem,
    CitizenReport,
    ImportConflict,
    Municipality,
    Upload,
)

from .helpers import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_seeds(superuser):
    """All five seed minutes imported, plus an upload and a conflict row."""
    kalundborg = Municipality.objects.get(code=326)
    for path in sorted(SEEDS.glob("*.txt")):
        result = import_path(path, municipality=kalundborg, uploaded_by=superuser)
        assert result.status == "created", (path.name, result.message)
    # An import job (meetings/jobs/): the seed again, through a job, is "unchanged".
    job = submit_file_import(path, municipality=kalundborg, user=superuser)
    assert job.result == "unchanged", job.message
    item = AgendaItem.objects.filter(closed=False).order_by("pk").first()
    ImportConflict.objects.create(
        meeting=item.meeting, item=item, field="title", corrected_value="A", parsed_value="B"
    )
    CitizenReport.objects.create(item=item, message="Titlen er stavet forkert.")
    record = Upload(
        municipality=item.municipality,
        uploaded_by=superuser,
        original_name="referat.txt",
        sha256="0" * 64,
        status="created",
    )
    record.file.save("referat.txt", ContentFile(b"tekst"), save=False)
    record.save()


def _meetings_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "meetings"
    ]


def test_every_meetings_model_is_registered():
    from django.apps import apps

    registered = {model for model, _ in _meetings_admins()}
    models = {
        model
        for model in apps.get_app_config("meetings").get_models()
        if not model.__name__.startswith("Historical")
    }
    assert models == registered


@pytest.mark.parametrize(
    "model",
    [model for model, _ in _meetings_admins()] + [get_user_model()],
    ids=lambda model: model.__name__,
)
def test_changelist_change_and_search_pages_render_with_real_data(
    client, superuser, all_seeds, model, django_assert_max_num_queries
):
    client.force_login(superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    with django_assert_max_num_queries(25):
        response = client.get(changelist)
    assert response.status_code == 200
    assert client.get(changelist, {"q": "a"}).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {opts.model_name} rows after importing the seeds"
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.get(change)
    assert response.status_code == 200
    if admin.site._registry[model].has_add_permission(response.wsgi_request):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200


def test_item_change_page_has_section_case_number_and_attachment_inlines(
    client, superuser, all_seeds
):
    client.force_login(superuser)
    item = AgendaItem.objects.filter(attachments__isnull=False).first()
    page = client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    assert 'name="sections-TOTAL_FORMS"' in page
    assert 'name="case_links-TOTAL_FORMS"' in page
    assert 'name="attachments-TOTAL_FORMS"' in page
    assert "admin-autocomplete" in page
    assert item.attachments.first().title in page


def test_meeting_change_page_has_participants_and_links_to_items(client, superuser, all_seeds):
    client.force_login(superuser)
    meeting = AgendaItem.objects.first().meeting
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert 'name="participants-TOTAL_FORMS"' in page
    assert f"/admin/meetings/agendaitem/?meeting__id__exact={meeting.pk}" in page
    listing = client.get("/admin/meetings/agendaitem/", {"meeting__id__exact": meeting.pk})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == meeting.items.count()


def test_agenda_item_changelist_queries_do_not_grow_with_rows(
    client, superuser, all_seeds, django_assert_max_num_queries
):
    client.force_login(superuser)
    assert AgendaItem.objects.count() >= 30
    with django_assert_max_num_queries(12):
        assert client.get("/admin/meetings/agendaitem/").status_code == 200


def test_municipality_action_attaches_a_clerk(client, superuser, ballerup):
    anna = get_user_model().objects.create_user("anna")
    client.force_login(superuser)
    url = "/admin/meetings/municipality/"
    first = client.post(url, {"action": "attach_clerk", "_selected_action": [ballerup.pk]})
    assert first.status_code == 200
    assert "Tilknyt sekretariatsmedarbejder" in first.content.decode()
    second = client.post(
        url,
        {
            "action": "attach_clerk",
            "_selected_action": [ballerup.pk],
            "apply": "1",
            "user": anna.pk,
        },
    )
    assert second.status_code == 302
    anna.refresh_from_db()
    assert anna.is_staff and list(anna.clerk_municipalities.all()) == [ballerup]


def test_user_action_makes_clerks_of_chosen_municipalities(
    client, superuser, ballerup, albertslund
):
    anna = get_user_model().objects.create_user("anna")
    client.force_login(superuser)
    url = "/admin/auth/user/"
    first = client.post(url, {"action": "make_clerk", "_selected_action": [anna.pk]})
    assert first.status_code == 200
    second = client.post(
        url,
        {
            "action": "make_clerk",
            "_selected_action": [anna.pk],
            "apply": "1",
            "municipalities": [ballerup.pk, albertslund.pk],
        },
    )
    assert second.status_code == 302
    assert set(anna.clerk_municipalities.all()) == {ballerup, albertslund}
    assert get_user_model().objects.get(pk=anna.pk).has_perm("meetings.change_agendaitem")


def test_clerk_sees_only_the_correction_models_in_the_admin_index(client, clerk_a):
    client.force_login(clerk_a)
    page = client.get("/admin/").content.decode()
    assert "Dagsordenspunkter" in page and "Møder" in page
    assert "/admin/meetings/municipality/" not in page
    assert "/admin/auth/user/" not in page
