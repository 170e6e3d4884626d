from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Møder og referater"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .jobs import admin  # noqa: F401  (the import jobs' admin, with its retry action)
