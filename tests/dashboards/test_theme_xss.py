"""The shared HTML helpers of every dashboard escape the shared XSS payloads."""

import pytest
from security_payloads import XSS_PAYLOADS, unescaped_markers

from dashboards import theme


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_badge_and_legend_escape(payload):
    assert unescaped_markers(theme.badge_html(payload, payload)) == []
    html = theme.legend_html(payload, [(payload, payload), ("#fff", "an toàn")])
    assert unescaped_markers(html) == []
    assert "Ổ gà" in theme.badge_html(XSS_PAYLOADS[-2], "ok")  # diacritics survive escaping
