"""Start the app's Streamlit server with no request to outside services.

    python -m ikzmap.ui.server run streamlit_app.py --server.port 8501 ...

Same arguments as ``streamlit run``. The one difference: Streamlit asks an outside service
for the machine's public IP address (``net_util.get_external_ip``) to print an "External
URL" at start-up and, for every WebSocket whose Origin is neither localhost nor
``browser.serverAddress``, to compare it with that origin. No setting turns this off
(``server.enableCORS = false`` would, but drops the origin check). Offline it fails after
a blocking 1 s timeout per try, and any web page an intranet user opens could make the
server try again and again. The app promises no outside requests, so here the lookup
finds nothing: foreign origins are refused as before, with no request.
"""

from __future__ import annotations

import sys

from streamlit import net_util
from streamlit.web import cli

APP_SCRIPT = "streamlit_app.py"


def no_external_ip() -> None:
    """The public IP address is unknown by design: never looked up."""
    return None


def close_outside_lookups() -> None:
    net_util.get_external_ip = no_external_ip


def main() -> None:
    close_outside_lookups()
    if sys.argv[1:2] == ["run"] and sys.argv[2:3] and sys.argv[2].endswith(APP_SCRIPT):
        from ikzmap.ui import warmup

        warmup.start()  # fills the caches while Streamlit starts (see ikzmap.ui.warmup)
    sys.exit(cli.main(prog_name="streamlit"))


if __name__ == "__main__":
    main()
