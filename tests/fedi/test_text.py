"""Plain text to Mastodon's HTML and Mastodon's character count."""
import pytest

from fedi import text

TAG = lambda name: f"https://x.test/tags/{name}"  # noqa: E731


def test_paragraphs_and_line_breaks_are_escaped():
    assert text.render("a < b & c\nd\n\n\ne", tag_url=TAG) == "<p>a &lt; b &amp; c<br />d</p><p>e</p>"
    assert text.render("", tag_url=TAG) == ""
    assert text.render("  \n ", tag_url=TAG) == ""
    assert text.render("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_short_link_as_mastodon_renders_it():
    assert text.render("see https://example.com/x.", tag_url=TAG) == (
        '<p>see <a href="https://example.com/x" target="_blank" rel="nofollow noopener" translate="no">'
        '<span class="invisible">https://</span><span class="">example.com/x</span>'
        '<span class="invisible"></span></a>.</p>')


def test_long_link_gets_the_ellipsis_span():
    url = "https://www.example.com/" + "a" * 40
    html = text.render(url, tag_url=TAG)
    assert '<span class="invisible">https://www.</span>' in html
    assert f'<span class="ellipsis">{("example.com/" + "a" * 40)[:30]}</span>' in html
    assert f'<span class="invisible">{("example.com/" + "a" * 40)[30:]}</span>' in html


@pytest.mark.parametrize("raw,url", [
    ("(https://example.com/a)", "https://example.com/a"),
    ("https://en.wikipedia.org/wiki/Foo_(bar)!", "https://en.wikipedia.org/wiki/Foo_(bar)"),
    ('"https://example.com/q?x=1&y=2"', "https://example.com/q?x=1&y=2"),
])
def test_link_boundaries(raw, url):
    assert text.extract(raw).urls == [url]


def test_resolved_mentions_become_h_cards_and_others_stay_text():
    html = text.render("hi @bob and @Carol@remote.example and @nobody",
                       mention_urls={("Bob", None): "https://x.test/@bob",
                                     ("carol", "remote.example"): "https://remote.example/@carol"}, tag_url=TAG)
    assert ('<span class="h-card" translate="no"><a href="https://x.test/@bob" class="u-url mention">'
            '@<span>bob</span></a></span>') in html
    assert '<a href="https://remote.example/@carol" class="u-url mention">@<span>Carol</span></a>' in html
    assert "@nobody" in html and "mention" not in html.split("@nobody")[0].split("</span></a></span>")[-1]


def test_hashtags():
    html = text.render("#Hello #2024 #café x#no", tag_url=TAG)
    assert '<a href="https://x.test/tags/Hello" class="mention hashtag" rel="tag">#<span>Hello</span></a>' in html
    assert "#2024" in html and "tags/2024" not in html
    assert 'tags/café' in html and "tags/no" not in html


def test_extract_dedupes_case_insensitively_keeping_the_first_spelling():
    found = text.extract("@Bob @bob #Django #django #DJANGO :blob: :blob: a@b.c https://a.test/")
    assert found.mentions == [("Bob", None)]
    assert found.hashtags == ["Django"]
    assert found.emojis == ["blob"]
    assert found.urls == ["https://a.test/"]


def test_email_addresses_and_urls_with_at_are_not_mentions():
    assert text.extract("write to me@example.com").mentions == []
    assert text.extract("https://mastodon.social/@Gargron").mentions == []


def test_hashtag_normalization():
    assert text.normalize_hashtag("Café") == text.normalize_hashtag("CAFÉ") == "café"
    assert text.normalize_hashtag("ｆｕｌｌ") == "full"


@pytest.mark.parametrize("raw,length", [
    ("hello", 5),
    ("https://example.com/" + "a" * 200, 23),
    ("@alice@a.very.long.domain.example.org", 6),
    ("👩‍👩‍👧‍👦", 1),
    ("é", 1),
])
def test_countable_length(raw, length):
    assert text.countable_length(raw) == length


def test_inline_rendering_for_profile_fields():
    assert text.render_inline("https://example.com", tag_url=TAG).startswith('<a href="https://example.com"')
    assert text.render_inline("a\nb") == "a b"


def test_sanitize_keeps_only_mastodon_markup():
    html = text.sanitize('<p onclick="x">hi<script>bad()</script><img src=x>'
                         '<a href="javascript:alert(1)">x</a><a href="https://ok.test" class="u-url evil">y</a></p>')
    assert "script" not in html and "onclick" not in html and "<img" not in html and "javascript" not in html
    assert 'href="https://ok.test"' in html and 'class="u-url"' in html and "evil" not in html
