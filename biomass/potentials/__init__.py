"""Stored potentials: their one column declaration, the glue to the engine, computation and
recomputation when an input changes, reads as rows and summaries, exports."""
