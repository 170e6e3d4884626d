"""Placeholder until the pages land: every view answers 501 Not Implemented."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Ikke bygget endnu.", status=501)


home = _todo
search = _todo
case_detail = _todo
item_detail = _todo
source_detail = _todo
municipality_detail = _todo
body_detail = _todo
meeting_detail = _todo
