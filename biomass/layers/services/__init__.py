"""Writes for layers, by what they do: ``upload`` (validate and store a new version),
``processing`` (convert it, compute its potentials and switch the site to it), ``versions``
(serve another version, retry, delete, recover) and ``audit`` (the log of every change).

Every public function takes keyword arguments only and raises a ``biomass.errors``
exception with a clear message on bad input, after which the database and MEDIA_ROOT are as
they were."""
