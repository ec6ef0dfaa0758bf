"""Production statistics: datasets, their versions (public and staff views), records and the
upload form."""

from django.urls import reverse
from rest_framework import serializers

from biomass.statistics.models import ProductionRecord, StatisticsDataset, StatisticsVersion


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = StatisticsVersion
        fields = [
            "number",
            "status",
            "rows",
            "first_year",
            "last_year",
            "original_name",
            "checksum",
            "processed_at",
        ]


class DatasetSerializer(serializers.ModelSerializer):
    current_version = VersionSummarySerializer(read_only=True, allow_null=True)
    records_url = serializers.SerializerMethodField()

    class Meta:
        model = StatisticsDataset
        fields = [
            "slug",
            "name",
            "source",
            "licence",
            "description",
            "current_version",
            "updated_at",
            "records_url",
        ]

    def get_records_url(self, dataset) -> str:
        return reverse("api-statistics-records", kwargs={"slug": dataset.slug})


class StaffStatisticsVersionSerializer(VersionSummarySerializer):
    """What staff see of a version: its stage, error, attempts, who uploaded it, whether served."""

    dataset = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    current = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            "dataset",
            *VersionSummarySerializer.Meta.fields,
            "stage",
            "error",
            "attempts",
            "created_at",
            "created_by",
            "current",
            "status_url",
        ]

    def get_current(self, version) -> bool:
        return version.dataset.current_version_id == version.pk

    def get_status_url(self, version) -> str:
        return reverse(
            "api-statistics-version", kwargs={"slug": version.dataset.slug, "number": version.number}
        )


class StatisticsUploadSerializer(serializers.Serializer):
    """A CSV (UTF-8) with the columns region_code, commodity, year, quantity, unit."""

    file = serializers.FileField(help_text="CSV in UTF-8: region_code,commodity,year,quantity,unit")
    source = serializers.CharField(help_text="the full source: author, year, table, URL")
    licence = serializers.CharField(max_length=200)
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="short, shown with every number"
    )
    dataset = serializers.SlugField(
        max_length=80, required=False, allow_blank=True, help_text="a new file for it is a new version"
    )
    description = serializers.CharField(required=False, allow_blank=True)


class RecordSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code")
    commodity = serializers.CharField(source="commodity.slug")
    unit = serializers.CharField(source="commodity.unit")

    class Meta:
        model = ProductionRecord
        fields = ["region_code", "commodity", "year", "quantity", "unit"]


class RecordPageSerializer(serializers.Serializer):
    dataset = serializers.CharField()
    count = serializers.IntegerField()
    results = RecordSerializer(many=True)
