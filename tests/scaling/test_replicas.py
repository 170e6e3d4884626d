"""Read replicas against a real PostgreSQL streaming replica.

`.ci/replica start DIR PORT` makes one (pg_basebackup -R of the primary the suite runs on);
`.ci/run` does that and passes REFERAT_TEST_REPLICA_PORT and REFERAT_TEST_REPLICA_DATA. The
proofs pause WAL replay on the replica, write on the primary, and look at what each kind of
visitor is shown: a citizen still sees the replica's older copy, a clerk (and a browser that has
just written) sees the primary. Stopping the replica (by the PID in its postmaster.pid) shows
the fallback: the public page still answers, now from the primary.
"""

from __future__ import annotations

import copy
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import override_settings

from meetings.models import Body, Municipality
from referat import replicas

PORT = os.environ.get("REFERAT_TEST_REPLICA_PORT")
DATA = os.environ.get("REFERAT_TEST_REPLICA_DATA")
ALIAS = "replica_test"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not (PORT and DATA),
        reason="needs PostgreSQL and a streaming replica: .ci/replica start DIR PORT, then "
        "REFERAT_TEST_REPLICA_PORT=PORT REFERAT_TEST_REPLICA_DATA=DIR/data (as .ci/run does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS]),
]

if PORT and DATA and ALIAS not in connections.settings:
    # Known before the test databases are set up, as a mirror: Django never creates, flushes or
    # restores a database there (it is a read-only copy); the fixture points it at the replica.
    connections.settings[ALIAS] = {
        **copy.deepcopy(connections.settings["default"]),
        "TEST": {"MIRROR": "default"},
    }


def _pg_ctl(*args: str) -> None:
    bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = [str(bin_dir / "pg_ctl"), "-D", DATA, *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def _replica_sql(sql: str):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _caught_up() -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + 30
    while not _replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
        assert time.monotonic() < deadline, "the replica did not catch up within 30 s"
        time.sleep(0.05)


def _caught_up_when_ready() -> None:
    deadline = time.monotonic() + 60
    while True:
        connections[ALIAS].close()
        try:
            _replica_sql("SELECT 1")
            return
        except Exception:
            assert time.monotonic() < deadline, "the restarted replica did not answer"
            time.sleep(0.2)


@pytest.fixture
def replica():
    """The replica as a database alias on the suite's test database, used by the router."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)  # the test database
    settings_dict.update(HOST="127.0.0.1", PORT=PORT, CONN_MAX_AGE=0)
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
    connections[ALIAS].close()
    connections[ALIAS].settings_dict = settings_dict
    replicas.forget_health()
    try:
        with override_settings(REFERAT_REPLICAS=[ALIAS], REFERAT_REPLICA_MAX_LAG=30):
            assert _replica_sql("SELECT pg_is_in_recovery()") is True
            yield ALIAS
    finally:
        if _replica_up():
            _replica_sql("SELECT pg_wal_replay_resume()::text")
        connections[ALIAS].close()
        replicas.forget_health()


def _replica_up() -> bool:
    return Path(DATA, "postmaster.pid").exists()


@pytest.fixture
def body_page(replica):
    """A body page whose name the replica has; then replay paused and the name changed."""
    municipality = Municipality.objects.get(code=151)
    body = Body.objects.create(municipality=municipality, name="Replikaudvalget", slug="replika")
    _caught_up()
    _replica_sql("SELECT pg_wal_replay_pause()::text")
    Body.objects.filter(pk=body.pk).update(name="Primærudvalget")
    return f"/kommuner/{municipality.slug}/{body.slug}/"


def test_citizen_reads_from_the_replica(client, body_page):
    page = client.get(body_page).content.decode()
    assert "Replikaudvalget" in page  # the replica's copy: replay is paused there
    assert "Primærudvalget" not in page


def test_clerk_and_fresh_writer_read_from_the_primary(client, django_user_model, body_page):
    client.post(body_page, {})  # any POST by this browser, answered or refused, counts as a write
    assert replicas.STICKY_COOKIE in client.cookies
    assert "Primærudvalget" in client.get(body_page).content.decode()

    clerk = django_user_model.objects.create_user("clerk", password="x")
    logged_in = type(client)()
    logged_in.force_login(clerk)
    assert "Primærudvalget" in logged_in.get(body_page).content.decode()


def test_lagging_replica_falls_back_to_the_primary(client, body_page, settings):
    # The rename is received but not replayed: the replica lags by the age of its last replay.
    deadline = time.monotonic() + 10
    while _replica_sql("SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"):
        assert time.monotonic() < deadline, "the replica never received the rename"
        time.sleep(0.05)
    time.sleep(0.3)
    settings.REFERAT_REPLICA_MAX_LAG = 0.1
    replicas.forget_health()
    assert "Primærudvalget" in client.get(body_page).content.decode()


def test_stopped_replica_falls_back_to_the_primary(client, body_page):
    _pg_ctl("-m", "fast", "-w", "stop")
    try:
        connections[ALIAS].close()
        replicas.forget_health()
        response = client.get(body_page)
        assert response.status_code == 200
        assert "Primærudvalget" in response.content.decode()
    finally:
        _pg_ctl("-l", str(Path(DATA).parent / "server.log"), "-w", "-t", "60", "start")
        _caught_up_when_ready()
    replicas.forget_health()
    assert replicas.replica_for_request() == ALIAS  # back in service once it answers again
