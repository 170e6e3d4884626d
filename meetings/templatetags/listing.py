"""List rows written in Python (meetings/pages/listing.py), for templates."""

from django import template

from ..pages import listing

register = template.Library()

register.filter("search_row", listing.search_row)
register.filter("decision_missing", listing.decision_missing)
register.filter("facet_row", listing.facet_row)
register.filter("meeting_item_row", listing.meeting_item_row)
register.filter("timeline_row", listing.timeline_row)
