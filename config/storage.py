"""Static files in production: WhiteNoise's compressed, hashed storage, which also rewrites
the imports between the front end's ES modules to their hashed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
