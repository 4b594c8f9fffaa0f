"""Shared hostile inputs for the security tests (XSS payloads for every HTML surface).

Each payload, if rendered unescaped, runs script or loads a URL; a surface passes when it
shows the payload as text. Sources: OWASP XSS Filter Evasion Cheat Sheet (classic vectors),
plus Vietnamese text around them so that escaping does not break diacritics.
"""

XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=window.__xss=3>",
    '"><script>window.__xss=4</script>',
    "'><img src=x onerror=alert(5)>",
    "<iframe src=javascript:alert(6)></iframe>",
    '<a href="javascript:alert(7)">bấm vào đây</a>',
    "<body onload=alert(8)>",
    "<math><mtext></table><mglyph><style><img src=x onerror=alert(9)>",
    "{{7*7}}${7*7}<%= 7*7 %>",  # template injection: must stay literal text
    "Ổ gà <b>giữa</b> đường & <i>nguy hiểm</i>",
    "]]><script>alert(10)</script><![CDATA[",  # XML/CDATA breakout
]

RAW_MARKERS = ("<script", "<img", "<svg", "<iframe", "<body", "<math", "<a href")
"""Tags that must never appear unescaped in HTML built from a payload (``onerror=`` inside
escaped text is harmless: without a raw ``<`` there is no element to carry it)."""


def unescaped_markers(html: str) -> list[str]:
    """The raw markers present in ``html`` (case-insensitive); empty when it is safe."""
    lowered = html.lower()
    return [marker for marker in RAW_MARKERS if marker in lowered]
