"""Raster layers and their versions: the one upload request, validation, storage,
processing in the background, tiles, and the audit log."""
