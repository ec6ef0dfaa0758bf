"""Load the reference data (resource catalogue and default scenarios), so that a freshly
migrated database can compute potentials at once. Re-running the loaders later
(`manage.py load_reference_data`) is idempotent."""

from django.db import migrations

from biomass.catalogue.reference import load_resources, load_scenarios


def forwards(apps, schema_editor):
    load_resources(apps.get_model("biomass", "Resource"), apps.get_model("biomass", "ResourceParameter"))
    load_scenarios(apps.get_model("biomass", "Scenario"))


class Migration(migrations.Migration):
    dependencies = [("biomass", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
