"""Settings for the test suite: the project's settings with a cheap password hasher.

PBKDF2 costs ~70 ms per password; the permission matrix alone creates hundreds of users.
MD5 is fine for throwaway test users and never used outside the tests.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Replicas named in the environment are not used by the suite: a test's transaction is invisible
# on another connection. tests/scaling/test_replicas.py adds a real streaming replica itself.
for _alias in REFERAT_REPLICAS:  # noqa: F405
    DATABASES.pop(_alias)  # noqa: F405
REFERAT_REPLICAS = []

# Imports run in-process in the suite, so a confirmed upload is imported when the response
# comes back; tests/jobs/ switch the queue on and run real workers (PostgreSQL only).
REFERAT_JOBS_IN_PROCESS = True
