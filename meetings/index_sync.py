"""The search index follows every edit (søgeindeks): one place, so no edit path can forget it.

Every save and delete of an agenda item, a section, an attachment or an item's case-number
link, by the admin (every model and inline), a revert from the history page, a script or a
cascade, re-indexes the items concerned (meetings/search.py ``reindex_items``), inside the
same transaction. A section or attachment moved to another item re-indexes both. The
importer writes rows with bulk SQL (no signals) and re-indexes itself.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save

from .models import AgendaItem, Attachment, ItemCaseNumber, Section
from .search import reindex_items

PARTS = (Section, Attachment, ItemCaseNumber)
_LOADED = "_index_loaded_item_id"


def _remember_item(sender, instance, **kwargs) -> None:
    instance.__dict__[_LOADED] = instance.__dict__.get("item_id")


def _part_changed(sender, instance, **kwargs) -> None:
    ids = {instance.__dict__.get("item_id"), instance.__dict__.get(_LOADED)}
    reindex_items(i for i in ids if i)
    instance.__dict__[_LOADED] = instance.__dict__.get("item_id")


def _item_changed(sender, instance, **kwargs) -> None:
    if instance.pk:
        reindex_items([instance.pk])


def connect() -> None:
    """Connect the handlers (MeetingsConfig.ready)."""
    for model in PARTS:
        post_init.connect(_remember_item, sender=model, dispatch_uid=f"index-init-{model.__name__}")
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"index-save-{model.__name__}")
        post_delete.connect(
            _part_changed, sender=model, dispatch_uid=f"index-delete-{model.__name__}"
        )
    post_save.connect(_item_changed, sender=AgendaItem, dispatch_uid="index-save-item")
    post_delete.connect(_item_changed, sender=AgendaItem, dispatch_uid="index-delete-item")
