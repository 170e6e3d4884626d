"""Login throttling (django-axes) and the Content-Security-Policy (django-csp).

``LoginThrottleBackend`` is axes' standalone backend, which refuses a login for a locked-out
username or address before the password is checked. It needs the request (every login over
HTTP passes it); a login without one (``Client.login`` in tests, a management script) is
not an attack over the network and is left to the next backend.

``ContentSecurityPolicyMiddleware`` sends the site's policy (settings.CONTENT_SECURITY_POLICY:
scripts, styles, images and forms from this site only, no inline script or style). Django's
admin writes one inline ``<style>`` on some change lists, so under /admin/ inline styles are
allowed; scripts never are.
"""

from __future__ import annotations

import re

from axes.backends import AxesStandaloneBackend
from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"


# The longest username axes records (its column holds 255; Django's usernames 150).
USERNAME_LIMIT = 150
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def login_username(request, credentials=None) -> str:
    """The username axes counts failures for (AXES_USERNAME_CALLABLE): as typed, without NUL
    bytes or lone surrogates (PostgreSQL cannot store them) and cut to 150 characters, so a
    hostile login form is a form error and never a database error."""
    field = "username"
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field, "")
    return _UNSTORABLE.sub("", str(value or ""))[:USERNAME_LIMIT]


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts
