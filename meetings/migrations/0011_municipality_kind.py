"""Municipality.kind: a kommune or one of the five regions (region), which publish minutes
too (their rows come in 0012_regions, a separate transaction from this column)."""

from django.db import migrations, models


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
    ]
