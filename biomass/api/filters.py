import django_filters

from biomass.errors import NotFound
from regions.models import Region


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)
    parent = django_filters.CharFilter(method="filter_parent", help_text="code of the parent region")
    code = django_filters.CharFilter(method="filter_code", help_text="one region by code")

    class Meta:
        model = Region
        fields = ["level", "parent", "code"]

    def filter_parent(self, queryset, name, value):
        if not Region.objects.filter(code=value).exists():
            raise NotFound(f"unknown region code {value!r}", field="parent")
        return queryset.filter(parent__code=value)

    def filter_code(self, queryset, name, value):
        if not Region.objects.filter(code=value).exists():
            raise NotFound(f"unknown region code {value!r}", field="code")
        return queryset.filter(code=value)
