from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Møder og referater"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import index_sync
        from .jobs import admin  # noqa: F401  (the import jobs' admin, with its retry action)

        index_sync.connect()  # the search index follows every edit of items and their parts
