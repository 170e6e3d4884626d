"""A list the public statement timeout cancels answers with a JSON 503 (with CORS), not the
HTML page meant for people."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.scaling.test_timeouts import SlowDatabase

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="statement_timeout is PostgreSQL's; SQLite has no statement timeout",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_cancelled_api_list_is_json(client, settings, corpus):
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 50
    with connection.execute_wrapper(SlowDatabase(0.5)):
        response = client.get("/oparl/v1/body/751/agendaItem")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["status"] == 503
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 2000
    assert client.get("/oparl/v1/body/751/agendaItem").status_code == 200
