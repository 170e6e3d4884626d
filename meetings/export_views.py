"""The Data page (/data/): the latest bulk download with sizes, checksums and terms, and its
files. Only files named in the export's manifest are served."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .export import LICENCE, export_root
from .export.writer import latest_export


def data_page(request: HttpRequest) -> HttpResponse:
    """Data: what can be downloaded, how large, under which terms, and the API and feeds."""
    manifest = latest_export(export_root())
    return render(request, "reuse/data.html", {"export": manifest, "licence": LICENCE})


def data_file(request: HttpRequest, export: str, filename: str) -> FileResponse:
    manifest = latest_export(export_root())
    if manifest is None or manifest["name"] != export:
        raise Http404("Ukendt eksport")
    names = {entry["name"] for entry in manifest["files"]} | {"manifest.json"}
    if filename not in names:
        raise Http404("Ukendt fil")
    path = manifest["path"] / filename
    content_type = {
        ".jsonl": "application/x-ndjson; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".sqlite3": "application/vnd.sqlite3",
    }.get(path.suffix, "application/octet-stream")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    return response
