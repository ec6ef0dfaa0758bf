"""Load the commodity catalogue (and the resources added with it, such as wheat straw) into
an existing database; a fresh one gets the resources from 0002 already."""

from django.db import migrations

from biomass.catalogue.reference import load_commodities, load_resources


def forwards(apps, schema_editor):
    Resource = apps.get_model("biomass", "Resource")
    load_resources(Resource, apps.get_model("biomass", "ResourceParameter"))
    load_commodities(
        apps.get_model("biomass", "Commodity"), apps.get_model("biomass", "CommodityYield"), Resource
    )


class Migration(migrations.Migration):
    dependencies = [("biomass", "0007_statistics")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
