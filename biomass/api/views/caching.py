"""HTTP caching policies of the API's reads."""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page

from biomass.caching import cached_response

# Regions change rarely: cacheable for an hour. Other reads are revalidated with their ETag
# (ConditionalGetMiddleware answers 304 Not Modified when nothing changed).
cache_regions = method_decorator([gzip_page, cache_control(public=True, max_age=3600)], name="dispatch")
revalidate = method_decorator(cache_control(public=True, no_cache=True), name="dispatch")
compressed = method_decorator(gzip_page, name="dispatch")
# The JSON the map and the pages read, kept on the server until the published data change
# (biomass.caching); outermost, so that the compressed bytes are kept.
cached_json = method_decorator(cached_response(formats=("json",)), name="dispatch")
