from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("biomass.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
