"""The five regions as publishers of minutes (Region Midtjylland's regionsråd …): their rows,
codes 1081–1085, kind ``region``."""

from django.db import migrations

from meetings.models import danish_slug
from meetings.parsing.kommuner import REGIONS


def load(apps, schema_editor):
    Municipality = apps.get_model("meetings", "Municipality")
    for code, name, short, region in REGIONS:
        Municipality.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "slug": danish_slug(short),
                "region": region,
                "kind": "region",
            },
        )


def unload(apps, schema_editor):
    Municipality = apps.get_model("meetings", "Municipality")
    Municipality.objects.filter(code__in=[r[0] for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_municipality_kind")]

    operations = [migrations.RunPython(load, unload)]
