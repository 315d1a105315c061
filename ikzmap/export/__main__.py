"""``python -m ikzmap.export``: see :mod:`ikzmap.export.cli`."""

import sys

from ikzmap.export.cli import main

if __name__ == "__main__":
    sys.exit(main())
