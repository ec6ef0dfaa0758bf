"""Content negotiation: ``?format=`` names one of the view's formats; any other value is a
bad parameter (400 naming ``format``), not a missing page."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class FormatParameterNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError(
                {self.settings.URL_FORMAT_OVERRIDE: [f"unknown format {format!r}; choose one of {formats}"]}
            )
        return chosen
