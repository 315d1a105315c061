"""The one base of geo's errors. geo knows nothing of ikzmap, so it has its own base;
ikzmap restates a geo error where one reaches its users (see ``ikzmap.errors``)."""

from __future__ import annotations


class GeoError(Exception):
    """A geodata problem; the message is German and names the file or the key.

    Subclasses: :class:`geo.layers.BoundaryDataError` (a boundary file is missing or
    broken), :class:`geo.keys.InvalidKeyError` (a value is no NRW key),
    :class:`geo.build.BuildError` (the layers cannot be built from the source package).
    """
