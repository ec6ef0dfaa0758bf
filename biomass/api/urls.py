from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.RegionList.as_view(), name="api-regions"),
    path("regions/<str:code>/", views.RegionDetail.as_view(), name="api-region"),
]
