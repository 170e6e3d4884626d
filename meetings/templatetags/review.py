"""``{% review_counts as counts %}``: the review queue's counts for the admin index."""

from django import template

from ..corrections.review import counts

register = template.Library()


@register.simple_tag(takes_context=True)
def review_counts(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return counts(request.user)
