"""The static atlas: ``python -m ikzmap.publish --out site/`` (see :mod:`ikzmap.publish.site`)."""

from ikzmap.publish.site import SiteFiles, publish

__all__ = ["SiteFiles", "publish"]
