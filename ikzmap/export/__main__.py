"""``python -m ikzmap.export``: see :mod:`ikzmap.export.cli`."""

import sys

from ikzmap.errors import configure_cli_logging
from ikzmap.export.cli import main

if __name__ == "__main__":
    configure_cli_logging()
    sys.exit(main())
