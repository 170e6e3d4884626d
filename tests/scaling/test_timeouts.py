"""A statement timeout bounds citizens' requests on PostgreSQL; a cancelled statement gives the
Danish "Søgningen er for bred" page, and nothing of the limit stays on the connection."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="statement_timeout is PostgreSQL's; SQLite has no statement timeout",
    ),
    # Autocommit as in production: a cancelled statement inside a test transaction would abort it.
    # serialized_rollback: its flush must not re-create the content types, or the next
    # serialized_rollback test on this worker fails restoring them (duplicate key).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class SlowDatabase:
    """Before the first statement of a request, one statement that sleeps ``seconds`` (through
    the rest of the wrappers, so under the request's timeout)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.slept = False

    def __call__(self, execute, sql, params, many, context):
        if not self.slept:
            self.slept = True
            execute(f"SELECT pg_sleep({self.seconds})", None, False, context)
        return execute(sql, params, many, context)


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_slow_public_search_gets_the_too_broad_page(client, settings):
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 50
    with connection.execute_wrapper(SlowDatabase(0.5)):
        response = client.get("/soeg/", {"q": "budget"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Søgningen er for bred" in page
    assert "kortere tidsrum" in page
    assert statement_timeout() == "0"  # reset: the next request on this connection is unbounded


def test_fast_public_page_is_unaffected_and_leaves_no_limit(client, settings):
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 2000
    assert client.get("/soeg/", {"q": "budget"}).status_code == 200
    assert statement_timeout() == "0"


def test_clerks_and_admins_have_no_limit(client, settings, django_user_model):
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 50
    client.force_login(django_user_model.objects.create_user("ekspedient", password="x"))
    with connection.execute_wrapper(SlowDatabase(0.2)):
        response = client.get("/soeg/", {"q": "budget"})
    assert response.status_code == 200


def test_public_requests_run_without_parallel_workers_and_leave_none_of_it(client, settings):
    """A parallel plan would let one listing take every core from the other requests."""
    settings.REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = 2000
    seen: list[str] = []

    def probe(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        with connection.connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            seen.append(cursor.fetchone()[0])
        return result

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
    with connection.execute_wrapper(probe):
        assert client.get("/soeg/", {"kle": "00"}).status_code == 200
    assert seen and set(seen) == {"0"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before
