from django.urls import path

from . import tiles, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("countries/<str:code>/", views.country_page, name="country"),
    path("countries/<str:code>/report.pdf", views.country_report_pdf, name="country-report"),
    path("sites/report.pdf", views.site_report_pdf, name="site-report"),
    path("compare/", views.compare_page, name="compare"),
    path("layers/", views.layers_page, name="layers"),
    path("methodology/", views.methodology_page, name="methodology"),
    path("layers/<id:layer_id>/preview.png", tiles.preview, name="layer-preview"),
    path("tiles/<id:layer_id>/<id:z>/<id:x>/<id:y>.png", tiles.tile, name="tile"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
