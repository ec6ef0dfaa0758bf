from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import analysis, catalogue, layers, plant, potentials, regions, statistics

urlpatterns = [
    path("regions/", regions.RegionList.as_view(), name="api-regions"),
    path("regions/<str:code>/", regions.RegionDetail.as_view(), name="api-region"),
    path("resources/", catalogue.ResourceList.as_view(), name="api-resources"),
    path("resources/<slug:slug>/", catalogue.ResourceDetail.as_view(), name="api-resource"),
    path("scenarios/", catalogue.ScenarioList.as_view(), name="api-scenarios"),
    path("scenarios/<slug:slug>/", catalogue.ScenarioDetail.as_view(), name="api-scenario"),
    path("commodities/", catalogue.CommodityList.as_view(), name="api-commodities"),
    path("technologies/", catalogue.TechnologyList.as_view(), name="api-technologies"),
    path("tariffs/", catalogue.TariffList.as_view(), name="api-tariffs"),
    path("statistics/", statistics.DatasetList.as_view(), name="api-statistics"),
    path("statistics/<slug:slug>/", statistics.DatasetDetail.as_view(), name="api-statistics-dataset"),
    path("statistics/<slug:slug>/records", statistics.RecordList.as_view(), name="api-statistics-records"),
    path(
        "statistics/<slug:slug>/versions/", statistics.VersionList.as_view(), name="api-statistics-versions"
    ),
    path(
        "statistics/<slug:slug>/versions/<id:number>/",
        statistics.VersionDetail.as_view(),
        name="api-statistics-version",
    ),
    path(
        "statistics/<slug:slug>/versions/<id:number>/retry",
        statistics.VersionRetry.as_view(),
        name="api-statistics-version-retry",
    ),
    path("layers/", layers.LayerList.as_view(), name="api-layers"),
    path("layers/<id:pk>/", layers.LayerDetail.as_view(), name="api-layer"),
    path("layers/<id:pk>/download", layers.LayerDownload.as_view(), name="api-layer-download"),
    path("layers/<id:pk>/clip", layers.LayerClip.as_view(), name="api-layer-clip"),
    path("layers/<id:pk>/versions/", layers.LayerVersionList.as_view(), name="api-layer-versions"),
    path(
        "layers/<id:pk>/versions/<id:number>/",
        layers.LayerVersionDetail.as_view(),
        name="api-layer-version",
    ),
    path(
        "layers/<id:pk>/versions/<id:number>/download",
        layers.LayerVersionDownload.as_view(),
        name="api-layer-version-download",
    ),
    path(
        "layers/<id:pk>/versions/<id:number>/activate",
        layers.LayerVersionActivate.as_view(),
        name="api-layer-version-activate",
    ),
    path(
        "layers/<id:pk>/versions/<id:number>/retry",
        layers.LayerVersionRetry.as_view(),
        name="api-layer-version-retry",
    ),
    path("potentials/", potentials.PotentialList.as_view(), name="api-potentials"),
    path("potentials/what-if", potentials.WhatIf.as_view(), name="api-potentials-what-if"),
    path("potentials/totals/", potentials.PotentialTotals.as_view(), name="api-potentials-totals"),
    path("potentials/series/", potentials.PotentialSeries.as_view(), name="api-potentials-series"),
    path("analysis/area", analysis.AreaAnalysis.as_view(), name="api-analysis-area"),
    path("analysis/catchment", analysis.CatchmentAnalysis.as_view(), name="api-analysis-catchment"),
    path("analysis/plant", plant.PlantEvaluation.as_view(), name="api-analysis-plant"),
    path("analysis/plant/sizes", plant.PlantSizeCurve.as_view(), name="api-analysis-plant-sizes"),
    path("sites/", analysis.SiteList.as_view(), name="api-sites"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        # The start-up script from a URL, not inline (Content-Security-Policy).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="biomass/api_docs.html"),
        name="api-docs",
    ),
]
