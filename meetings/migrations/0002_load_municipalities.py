"""Load the 98 Danish municipalities with their official codes and regions."""

from django.db import migrations

from meetings.models import danish_slug
from meetings.parsing.kommuner import MUNICIPALITIES


def load(apps, schema_editor):
    Municipality = apps.get_model("meetings", "Municipality")
    for code, name, short, region in MUNICIPALITIES:
        Municipality.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "slug": danish_slug(short),
                "region": region,
            },
        )


def unload(apps, schema_editor):
    Municipality = apps.get_model("meetings", "Municipality")
    Municipality.objects.filter(code__in=[m[0] for m in MUNICIPALITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
