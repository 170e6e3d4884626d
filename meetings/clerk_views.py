"""Placeholder until the pages land: every view answers 501 Not Implemented."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Ikke bygget endnu.", status=501)


upload = _todo
confirm = _todo
upload_list = _todo
upload_detail = _todo
upload_file = _todo
