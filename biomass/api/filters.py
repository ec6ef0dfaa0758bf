import django_filters

from regions.models import Region


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)
    parent = django_filters.CharFilter(field_name="parent__code", help_text="code of the parent region")
    code = django_filters.CharFilter(field_name="code")

    class Meta:
        model = Region
        fields = ["level", "parent", "code"]
