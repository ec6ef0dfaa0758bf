"""The OGC API under /ogc/ (a trailing slash is optional, as GIS clients leave it out)."""

from django.urls import path, re_path

from . import views

ID = r"(?P<collection_id>[\w.-]+)"

urlpatterns = [
    path("", views.landing_page, name="ogc-landing"),
    re_path(r"^openapi/?$", views.openapi, name="ogc-openapi"),
    re_path(r"^conformance/?$", views.conformance, name="ogc-conformance"),
    re_path(r"^collections/?$", views.collections, name="ogc-collections"),
    re_path(rf"^collections/{ID}/?$", views.collections, name="ogc-collection"),
    re_path(rf"^collections/{ID}/schema/?$", views.schema, name="ogc-schema"),
    re_path(rf"^collections/{ID}/queryables/?$", views.queryables, name="ogc-queryables"),
    re_path(rf"^collections/{ID}/items/?$", views.items, name="ogc-items"),
    re_path(rf"^collections/{ID}/items/(?P<item_id>[^/]+)/?$", views.item, name="ogc-item"),
    re_path(rf"^collections/{ID}/coverage/?$", views.coverage, name="ogc-coverage"),
    re_path(r"^processes/?$", views.processes, name="ogc-processes"),
    re_path(r"^processes/(?P<process_id>[\w-]+)/?$", views.processes, name="ogc-process"),
    re_path(r"^processes/(?P<process_id>[\w-]+)/execution/?$", views.execution, name="ogc-execution"),
]
