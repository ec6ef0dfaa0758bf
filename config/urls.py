"""The site's URLs: pages and tiles (biomass.web), the API (biomass.api), the STAC catalogue
(biomass.stac), the OGC API (biomass.ogc), the admin and the language switch. Errors outside
views are answered by biomass.api.errors."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import converters  # noqa: F401  (registers the "id" converter the apps' URLs use)

urlpatterns = [
    path("", include("biomass.web.urls")),
    path("api/", include("biomass.api.urls")),
    path("stac/", include("biomass.stac.urls")),
    path("ogc/", include("biomass.ogc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "biomass.api.errors.bad_request"
handler404 = "biomass.api.errors.not_found"
handler500 = "biomass.api.errors.server_error"
