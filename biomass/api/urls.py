from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

urlpatterns = [
    path("regions/", views.RegionList.as_view(), name="api-regions"),
    path("regions/<str:code>/", views.RegionDetail.as_view(), name="api-region"),
    path("resources/", views.ResourceList.as_view(), name="api-resources"),
    path("resources/<slug:slug>/", views.ResourceDetail.as_view(), name="api-resource"),
    path("scenarios/", views.ScenarioList.as_view(), name="api-scenarios"),
    path("scenarios/<slug:slug>/", views.ScenarioDetail.as_view(), name="api-scenario"),
    path("layers/", views.LayerList.as_view(), name="api-layers"),
    path("layers/<int:pk>/", views.LayerDetail.as_view(), name="api-layer"),
    path("layers/<int:pk>/download", views.LayerDownload.as_view(), name="api-layer-download"),
    path("layers/<int:pk>/clip", views.LayerClip.as_view(), name="api-layer-clip"),
    path("layers/<int:pk>/versions/", views.LayerVersionList.as_view(), name="api-layer-versions"),
    path(
        "layers/<int:pk>/versions/<int:number>/", views.LayerVersionDetail.as_view(), name="api-layer-version"
    ),
    path(
        "layers/<int:pk>/versions/<int:number>/activate",
        views.LayerVersionActivate.as_view(),
        name="api-layer-version-activate",
    ),
    path(
        "layers/<int:pk>/versions/<int:number>/retry",
        views.LayerVersionRetry.as_view(),
        name="api-layer-version-retry",
    ),
    path("potentials/", views.PotentialList.as_view(), name="api-potentials"),
    path("analysis/area", views.AreaAnalysis.as_view(), name="api-analysis-area"),
    path("analysis/catchment", views.CatchmentAnalysis.as_view(), name="api-analysis-catchment"),
    path("sites/", views.SiteList.as_view(), name="api-sites"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
