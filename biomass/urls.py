from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import tiles, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("countries/<str:code>/", views.country_page, name="country"),
    path("compare/", views.compare_page, name="compare"),
    path("layers/", views.layers_page, name="layers"),
    path("layers/<int:layer_id>/preview.png", tiles.preview, name="layer-preview"),
    path("tiles/<int:layer_id>/<int:z>/<int:x>/<int:y>.png", tiles.tile, name="tile"),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("biomass.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler404 = "biomass.views.not_found"
handler500 = "biomass.views.server_error"
