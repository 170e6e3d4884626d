"""The crawl test: every public URL reachable from the front page, plus every source, case and
KLE page, never shows a word that occurs only in closed items' content, and never answers 500.

The corpus (tests/security/conftest.py) holds closed items with secret words in their
sections, decision, attachment titles, case numbers and in a parser warning that quotes a
closed line, in a superseded and a current source document. The crawl follows every href and
src of every page (links, <link rel="alternate"> feeds, pagination, filters), so page types
added later are crawled as soon as a public page links to them.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from meetings.models import AgendaItem, CaseNumber, SourceDocument

from .conftest import SECRETS, WARNING_WORDS

pytestmark = pytest.mark.django_db

# Not public pages: the admin, accounts, the clerks' upload pages, static and media files.
PRIVATE_PREFIXES = ("/admin/", "/konto/", "/upload/", "/static/", "/media/")
MAX_PAGES = 1500
# Words next to the secrets in the closed content (searching a secret itself would only echo it).
SEARCH_WORDS = ("advarsel", "medarbejderen", "aftalen", "købesummen", "oplysning", "fortrolig")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for link in parser.links:
        url, _ = urldefrag(urljoin(base, link))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc not in ("", "testserver"):
            continue  # another site
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue  # mailto:, data:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(PRIVATE_PREFIXES):
            found.append(path)
    return found


def _seeds() -> list[str]:
    urls = ["/", "/soeg/"]
    urls += [source.get_absolute_url() for source in SourceDocument.objects.all()]
    urls += [f"/sager/{value}/" for value in CaseNumber.objects.values_list("value", flat=True)]
    urls += [item.get_absolute_url() for item in AgendaItem.objects.all()]
    kle = {value[:5] for value in CaseNumber.objects.exclude(kle="").values_list("kle", flat=True)}
    urls += [f"/soeg/?kle={topic}" for topic in sorted(kle)]
    urls += [f"/soeg/?q={word}" for word in SEARCH_WORDS]
    urls += [f"/soeg/?q={word}&sortering=dato" for word in SEARCH_WORDS]
    return urls


def _is_search(url: str) -> bool:
    return url.startswith("/soeg/?")


def crawl(client) -> dict[str, int]:
    """Fetch every public page reachable from the seeds; assert no secret and no 500.

    Search pages link to each other through every facet, filter, sort order and page, which
    multiplies into hundreds of combinations of the same hits: a search page reached from
    another search page is fetched and checked, but its links to further search pages are
    not followed (one filter step from every seed and every page that links to a search)."""
    seen: dict[str, int] = {}
    queue = deque((url, False) for url in _seeds())
    while queue and len(seen) < MAX_PAGES:
        url, from_search = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        assert response.status_code < 500, url
        if response.status_code in (301, 302):
            queue.append((response.headers["Location"], from_search))
            continue
        content_type = response.headers.get("Content-Type", "")
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content).decode("utf-8", "replace")
        else:
            body = response.content.decode("utf-8", "replace")
        for secret in (*SECRETS, WARNING_WORDS):
            if secret.lower() in url.lower():
                continue  # the page echoes its own address (e.g. the login link's ?next=)
            assert secret.lower() not in body.lower(), (url, secret)
        if "html" in content_type or "xml" in content_type:
            here_search = _is_search(url)
            queue.extend(
                (link, here_search)
                for link in _links(url, body)
                if link not in seen and not (here_search and from_search and _is_search(link))
            )
    assert not queue or len(seen) >= MAX_PAGES
    return seen


def test_crawl_as_the_public_finds_no_secret(client, corpus):
    seen = crawl(client)
    # The crawl really covered the corpus: every item, source and meeting page was fetched.
    ok = {url for url, status in seen.items() if status == 200}
    assert {i.get_absolute_url() for i in AgendaItem.objects.all()} <= ok
    assert {s.get_absolute_url() for s in SourceDocument.objects.all()} <= ok
    assert corpus.superseded.get_absolute_url() in ok
    assert any(url.startswith("/kommuner/albertslund/") and "/moeder/" in url for url in ok)
    assert any(url.startswith("/soeg/?") and "side=" in url for url in seen) or len(ok) > 50
    assert len(ok) > 30


def test_crawl_as_a_clerk_of_another_municipality_finds_no_secret(client, corpus, clerk_a):
    client.force_login(clerk_a)  # Ballerup's clerk; the closed minutes are Albertslund's
    assert len(crawl(client)) > 30


def test_the_crawl_would_see_a_leak(client, corpus, clerk_b):
    """The document's own clerk sees the warning quoting the closed line: the crawl's check
    is not blind."""
    client.force_login(clerk_b)
    with pytest.raises(AssertionError):
        crawl(client)
