"""Write the static atlas:

    python -m ikzmap.publish --out site/
    python -m ikzmap.publish --out site/ --daten <id> [--version N]   # a saved dataset

Exit code 0 on success; 2 with a German message if the call or the data cannot be used;
1 with a traceback for an unexpected error (see ``ikzmap.errors``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ikzmap.errors import EXIT_OK, configure_cli_logging, run_cli
from ikzmap.export.cli import UsageError, default_atlas, saved_atlas, with_attached_ids
from ikzmap.publish.site import publish


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ikzmap.publish",
        description="Den IKZ-Atlas NRW als statische Website schreiben (ohne Server-Code).",
    )
    parser.add_argument("--out", type=Path, required=True, help="Zielordner (wird angelegt)")
    parser.add_argument("--daten", help="gespeicherter Datensatz (Kennung aus dem Link, daten=…)")
    parser.add_argument("--version", type=int, help="Version des Datensatzes (Standard: neueste)")
    return parser


def _size(n: int) -> str:
    return f"{n / 1000:,.1f} kB".replace(",", "X").replace(".", ",").replace("X", ".")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the site; the exit code as described in the module docstring."""
    return run_cli(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(with_attached_ids(argv))
    except SystemExit as stop:  # --help (0) or a wrong call (2, argparse's message)
        return int(stop.code or 0)
    if args.version is not None and args.daten is None:
        raise UsageError("--version nur zusammen mit --daten.")
    atlas = default_atlas() if args.daten is None else saved_atlas(args.daten, args.version)
    note = None if args.daten is None else "Daten: gespeicherter, hochgeladener Datensatz."
    try:
        site = publish(atlas, args.out, source_note=note, progress=print)
    except OSError as err:  # the user's own --out: it may be named
        raise UsageError(f"Zielordner nicht beschreibbar ({err}).") from err
    raw = sum(r for r, _ in site.sizes.values())
    packed = sum(g for _, g in site.sizes.values())
    for path, (r, g) in sorted(site.sizes.items(), key=lambda item: -item[1][0])[:8]:
        print(f"  {path}: {_size(r)} (gzip {_size(g)})")
    print(f"{len(site.sizes)} Dateien in {args.out}: {_size(raw)}, mit gzip {_size(packed)}.")
    return EXIT_OK


if __name__ == "__main__":
    configure_cli_logging()
    sys.exit(main())
