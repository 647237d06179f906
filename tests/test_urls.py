import pytest

from newsdesk.urls import normalize_url, site_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.Example.COM/a", "https://news.example.com/a"),  # scheme and host case
        ("https://example.com/Path/To/Story", "https://example.com/Path/To/Story"),  # path case
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),  # IDNA host
        ("http://example.com:80/a", "http://example.com/a"),  # default http port
        ("https://example.com:443/a", "https://example.com/a"),  # default https port
        ("https://example.com:8443/a", "https://example.com:8443/a"),  # other port kept
        ("https://example.com/a#comments", "https://example.com/a"),  # fragment
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),  # dot segments
        ("https://example.com/../../a", "https://example.com/a"),  # never above root
        ("https://example.com/news/%2e/", "https://example.com/news/"),  # escaped dot
        ("https://example.com/a/b/.%2E/c", "https://example.com/a/c"),  # escaped dots
        ("https://example.com", "https://example.com/"),  # empty path
        ("https://example.com/a?", "https://example.com/a"),  # empty query
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),  # sorted
        ("https://example.com./a", "https://example.com/a"),  # trailing dot on host
        ("https://example.com/%7euser/%2f", "https://example.com/~user/%2F"),  # escapes
        (
            "https://example.com/خبر-تازه",
            "https://example.com/%D8%AE%D8%A8%D8%B1-%D8%AA%D8%A7%D8%B2%D9%87",
        ),
    ],
)
def test_normalize_url_rules(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    "param",
    [
        "utm_source=x",
        "utm_campaign=spring",
        "fbclid=abc",
        "gclid=1",
        "mc_cid=2",
        "mc_eid=3",
        "igshid=4",
        "yclid=5",
        "_ga=6",
        "ref_src=twsrc",
        "UTM_Medium=mail",
    ],
)
def test_normalize_url_drops_tracking_parameter(param: str) -> None:
    assert normalize_url(f"https://example.com/a?id=7&{param}") == "https://example.com/a?id=7"


def test_normalize_url_drops_query_made_only_of_tracking() -> None:
    assert normalize_url("https://example.com/a?utm_source=x&fbclid=y") == "https://example.com/a"


def test_normalize_url_keeps_repeated_and_blank_parameters_verbatim() -> None:
    url = "https://example.com/s?q=a+b&tag=z&tag=y&empty="
    assert normalize_url(url) == "https://example.com/s?empty=&q=a+b&tag=y&tag=z"


def test_normalize_url_resolves_against_base() -> None:
    assert normalize_url("../b?utm_source=x", base="https://Example.com/x/y/z") == (
        "https://example.com/x/b"
    )


def test_normalize_url_is_idempotent() -> None:
    once = normalize_url("HTTP://Example.com:80/a/../b?z=1&utm_x=2&a=%7e#f")
    assert normalize_url(once) == once


@pytest.mark.parametrize("bad", ["/relative/only", "mailto:someone", "not a url"])
def test_normalize_url_rejects_url_without_host(bad: str) -> None:
    with pytest.raises(ValueError, match="absolute URL"):
        normalize_url(bad)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.Example.com/a", "example.com"),
        ("https://news.example.com:8080/a", "news.example.com"),
        ("http://127.0.0.1:8000/s/x", "127.0.0.1"),
        ("https://www.bücher.example/", "xn--bcher-kva.example"),
    ],
)
def test_site_of(url: str, site: str) -> None:
    assert site_of(url) == site


def test_site_of_rejects_url_without_host() -> None:
    with pytest.raises(ValueError):
        site_of("/just/a/path")
