from django.urls import path

from . import views

urlpatterns = [
    path("", views.RootCatalog.as_view(), name="stac-root"),
    path("collections/", views.Collections.as_view(), name="stac-collections"),
    path("collections/<slug:slug>/", views.Collection.as_view(), name="stac-collection"),
    path("collections/<slug:slug>/items/", views.Items.as_view(), name="stac-items"),
    path("collections/<slug:slug>/items/<id:number>", views.Item.as_view(), name="stac-item"),
]
