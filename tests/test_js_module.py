"""The browser module's own unit tests (tests/js, node's built-in test runner)."""

import shutil
import subprocess
from pathlib import Path

JS_TESTS = Path(__file__).with_name("js")


def test_map_module_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js fehlt (wird auch für Leaflet über npm benötigt)"
    done = subprocess.run(
        [node, "--test", str(JS_TESTS)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# pass 0" not in done.stdout
