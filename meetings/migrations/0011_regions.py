"""The five regions as publishers of minutes (Region Midtjylland's regionsråd …): a ``kind``
on Municipality and the regions' rows (codes 1081–1085)."""

from django.db import migrations, models

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
    dependencies = [("meetings", "0010_pages_people_originals")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="kind",
            field=models.CharField(
                choices=[("kommune", "Kommune"), ("region", "Region")],
                default="kommune",
                max_length=10,
                verbose_name="type",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
