"""Front-end assets served locally, so the map works without internet.

Leaflet comes from the npm package pinned in ``package.json`` (installed by the set-up
scripts with ``npm ci``) and is copied to ``static/vendor``, which Streamlit serves
(``server.enableStaticServing``). Nothing third-party is committed to the repository.

    python -m ikzmap.assets --install   # copy from node_modules to static/vendor
    python -m ikzmap.assets --check     # exit 1 if an asset or a test tool is missing
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ikzmap.errors import DataFileError, configure_cli_logging, run_cli

ROOT: Final = Path(__file__).resolve().parent.parent
NODE_MODULES: Final = ROOT / "node_modules"
STATIC_DIR: Final = ROOT / "static"
VENDOR_DIR: Final = STATIC_DIR / "vendor"
# Where Streamlit serves ``static/``, relative to the app page (works behind a path prefix).
STATIC_URL: Final = "app/static"


class MissingAssetError(DataFileError):
    """A locally served asset is missing (German message, says how to install it)."""


@dataclass(frozen=True)
class Asset:
    kind: str  # "js" or "css"
    source: str  # path below node_modules
    target: str  # path below static/vendor


ASSETS: Final = (
    Asset("css", "leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    Asset("js", "leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
)
ASSET_DIRS: Final = (("leaflet/dist/images", "leaflet/images"),)
# Used by the browser tests only (never served): the axe-core accessibility checker.
AXE_SCRIPT: Final = NODE_MODULES / "axe-core" / "axe.min.js"


def vendor_path(asset: Asset) -> Path:
    return VENDOR_DIR / asset.target


def missing_assets() -> list[Path]:
    return [vendor_path(a) for a in ASSETS if not vendor_path(a).is_file()]


def missing_test_tools() -> list[Path]:
    """The npm tools of the browser tests that ``npm ci`` has not installed (yet)."""
    return [] if AXE_SCRIPT.is_file() else [AXE_SCRIPT]


def require_assets() -> None:
    missing = missing_assets()
    if missing:
        names = ", ".join(p.name for p in missing)
        raise MissingAssetError(
            f"Kartenbibliothek fehlt ({names}). Bitte einmal ./scripts/run-app.sh ausführen "
            "(installiert Leaflet lokal)."
        )


def install(node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy the assets from an ``npm ci`` tree to ``static/vendor``."""
    written = []
    for asset in ASSETS:
        source = node_modules / asset.source
        if not source.is_file():
            raise MissingAssetError(f"{source} fehlt: zuerst 'npm ci' im Projektordner ausführen.")
        target = vendor_path(asset)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    for source_dir, target_dir in ASSET_DIRS:
        shutil.copytree(node_modules / source_dir, VENDOR_DIR / target_dir, dirs_exist_ok=True)
    return written


def require_static_writable(folder: str = "geo") -> None:
    """The app writes the map geometry to ``static/`` on first use: check at start-up that
    it can, so a read-only folder stops start-up with a German message, not a broken map."""
    target = STATIC_DIR / folder
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target, prefix=".schreibprobe-"):
            pass
    except OSError as err:
        raise MissingAssetError(
            f"Ordner static/{folder}/ ist nicht beschreibbar. Der Dienstbenutzer der App "
            "braucht Schreibrechte auf static/ (siehe docs/BETRIEB.md)."
        ) from err


def publish_static(folder: str, stem: str, text: str, suffix: str = ".json") -> str:
    """Write ``text`` once to ``static/<folder>/<stem>-<hash><suffix>``; return its URL
    relative to the app page. The content hash in the name keeps browser caches valid:
    changed content gets a new name.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    target = STATIC_DIR / folder / f"{stem}-{digest}{suffix}"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)  # atomic: concurrent sessions never see half a file
    return f"{STATIC_URL}/{folder}/{target.name}"


def asset_urls(kind: str) -> list[str]:
    """URLs (relative to the app page) of the assets of one kind, served by Streamlit."""
    return [f"{STATIC_URL}/vendor/{a.target}" for a in ASSETS if a.kind == kind]


def inline_text(kind: str) -> str:
    """The assets of one kind concatenated, for self-contained HTML files."""
    require_assets()
    return "\n".join(vendor_path(a).read_text(encoding="utf-8") for a in ASSETS if a.kind == kind)


def main(argv: list[str] | None = None) -> int:
    """``--check``: exit 1 if something is missing; ``--install``: exit 2 with a German
    message if node_modules lacks an asset (see ``ikzmap.errors``)."""
    return run_cli(lambda: _main(argv))


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ikzmap.assets")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--install", action="store_true", help="copy assets from node_modules")
    group.add_argument("--check", action="store_true", help="exit 1 if something is missing")
    args = parser.parse_args(argv)
    if args.check:
        missing = missing_assets() + missing_test_tools()
        for path in missing:
            print(f"missing: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if missing else 0
    for path in install():
        print(f"installed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    configure_cli_logging()
    sys.exit(main())
