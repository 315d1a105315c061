"""The server makes no request to outside services (the app promises to work offline)."""

from __future__ import annotations

import pytest
from streamlit import net_util
from streamlit.web.server import server_util

from ikzmap.ui import server


@pytest.fixture
def outside_requests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    requests: list[str] = []

    def record(url: str, timeout: float = 5) -> None:
        requests.append(url)
        return None

    monkeypatch.setattr(net_util, "_make_blocking_http_get", record)
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(net_util, "get_external_ip", net_util.get_external_ip)
    return requests


def test_streamlit_alone_asks_an_outside_service_for_a_foreign_origin(outside_requests):
    """The behaviour the launcher removes (if Streamlit drops it, this test says so)."""
    assert not server_util.is_url_from_allowed_origins("http://fremde-seite.invalid")
    assert outside_requests  # Streamlit tried to look up the public IP address


def test_launcher_refuses_foreign_origins_without_outside_requests(outside_requests):
    server.close_outside_lookups()
    for _ in range(3):
        assert not server_util.is_url_from_allowed_origins("http://fremde-seite.invalid")
    assert server_util.is_url_from_allowed_origins("http://localhost:8501")
    assert outside_requests == []
