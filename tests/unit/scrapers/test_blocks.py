"""A page that refuses us is told from a page with no news."""

from __future__ import annotations

from scrapers.blocks import detect_block, detect_shell

NEWS = (
    b"<html><body><article>"
    + b"<p>The ministers discussed transit. </p>" * 80
    + b"</article></body></html>"
)


def test_an_f5_challenge_is_a_block() -> None:
    stub = b"<html><head><script>window.bobcmn = 1;</script></head><body></body></html>"
    assert detect_block(stub, 200) == "bot challenge (F5 BIG-IP ASM stub: bobcmn)"


def test_a_captcha_marker_counts_only_on_a_near_empty_page() -> None:
    form = b'<div class="g-recaptcha"></div>'
    assert detect_block(b"<html><body>" + form + b"</body></html>", 200) == "captcha page"
    assert detect_block(NEWS.replace(b"</article>", b"</article>" + form), 200) is None


def test_a_javascript_shell_is_named_by_its_framework() -> None:
    shell = (
        b'<html><body><div id="root"></div><script src="/static/js/main.js"></script></body></html>'
    )
    assert (
        detect_shell(shell)
        == "a JavaScript shell (React): the page renders its content in the browser"
    )
    assert detect_shell(NEWS) is None
