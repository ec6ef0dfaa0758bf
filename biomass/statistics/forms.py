"""The admin's upload form for production statistics; its cleaned data becomes a
``StatisticsRequest`` like the API's and the command line's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StatisticsDataset


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with the columns region_code, commodity, year, quantity, unit (t, or head)"),
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("short, shown with every number")
    )
    dataset = forms.SlugField(
        label=_("Dataset"),
        max_length=80,
        required=False,
        help_text=_("a new file for a dataset is a new version"),
    )
    source = forms.CharField(label=_("Source"), widget=forms.Textarea(attrs={"rows": 2}))
    licence = forms.CharField(label=_("Licence"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_for(cls, dataset: StatisticsDataset | None) -> dict:
        """The form filled in for a new version of ``dataset``."""
        if dataset is None:
            return {}
        return {name: getattr(dataset, name) for name in ("name", "source", "licence", "description")} | {
            "dataset": dataset.slug
        }
