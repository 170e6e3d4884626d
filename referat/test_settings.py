"""Settings for the test suite: the project's settings with a cheap password hasher.

PBKDF2 costs ~70 ms per password; the permission matrix alone creates hundreds of users.
MD5 is fine for throwaway test users and never used outside the tests.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
