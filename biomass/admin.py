"""Staff administration, registered by the room that owns each model (Django looks here),
and django-rq's task-queue dashboard without the object pages it cannot serve."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_rq.admin import QueueAdmin
from django_rq.models import Dashboard

from biomass.catalogue import admin as catalogue_admin  # noqa: F401
from biomass.layers import admin as layers_admin  # noqa: F401
from biomass.statistics import admin as statistics_admin  # noqa: F401

admin.site.site_header = _("Biomass platform administration")
admin.site.site_title = _("Biomass platform administration")

OBJECT_PAGES = {f"django_rq_dashboard_{page}" for page in ("add", "change", "delete", "history")}


class TaskQueueAdmin(QueueAdmin):
    """django-rq's dashboard is a model without a table: the ModelAdmin's object pages
    (change, delete, history, and the bare-id redirect to them) failed with a 500 for any id.
    Its own pages (queues, jobs, workers) stay; without the object pages such a URL is a 404."""

    def get_urls(self):
        return [
            url
            for url in super().get_urls()
            if url.name not in OBJECT_PAGES and str(url.pattern) != "<path:object_id>/"
        ]


if admin.site.is_registered(Dashboard):
    admin.site.unregister(Dashboard)
    admin.site.register(Dashboard, TaskQueueAdmin)
