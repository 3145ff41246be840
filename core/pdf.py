"""PDF rendering: a Django template to a tagged A4 PDF/UA-1 document (WeasyPrint), used by the reports' briefs and
the decision brief.

The renderer fetches only our own static files: `StaticOnlyFetcher` refuses every other URL (http(s) to other hosts,
`file://` outside the static roots, data:, ftp: …), so text in a proposal can never make the renderer reach the
network or the disk. One font configuration per process.
"""

from __future__ import annotations

import atexit
import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # not one INFO line per page in the worker log
SVG_ONLY_PROPERTIES = ("fill", "stroke", "text-anchor")


def _not_svg_style_noise(record: logging.LogRecord) -> bool:
    """WeasyPrint's CSS validator warns about every SVG presentation property in matplotlib's inline styles (fill,
    stroke…), about 250 lines a brief, although its SVG renderer reads them. Other CSS warnings are kept."""
    message = record.getMessage()
    return not (message.startswith("Ignored `") and message[9:].startswith(SVG_ONLY_PROPERTIES))


logging.getLogger("weasyprint").addFilter(_not_svg_style_noise)

CHART_SCHEME = "chart:"


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    return [r.resolve() for r in roots]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _base_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/"


def resolve_static(url: str) -> Path | None:
    """The local file behind `url` if it is one of our static files, else None (refuse)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        own = urlsplit(_base_url())
        if (scheme, parts.netloc.lower()) != (own.scheme, own.netloc.lower()):
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
            return None
        found = finders.find(path[len(settings.STATIC_URL) :])
        if not found:
            candidate = Path(settings.STATIC_ROOT) / path[len(settings.STATIC_URL) :]
            found = str(candidate) if candidate.is_file() else None
        # finders.find joins safely (no "..") and only searches our static directories.
        return Path(found).resolve() if found else None
    if scheme == "file":
        file = Path(url2pathname(unquote(parts.path))).resolve()
        return file if file.is_file() and _inside(file, _static_roots()) else None
    return None


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves our static files from disk and the document's own charts (`chart:<key>`, SVG from memory), and
        refuses everything else (no network at all)."""

        def __init__(self, *args, images: dict[str, str] | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self.images = images or {}

        def fetch(self, url, headers=None):
            if url.startswith(CHART_SCHEME):
                svg = self.images.get(url[len(CHART_SCHEME) :])
                if svg is None:
                    raise ValueError(f"Unknown chart: {url[:200]}")
                return URLFetcherResponse(url, body=svg.encode(), headers={"Content-Type": "image/svg+xml"})
            file = resolve_static(url)
            if file is None:
                raise ValueError(f"URL refused by the report renderer: {url[:200]}")
            mime, _enc = mimetypes.guess_type(file.name)
            # Keep the asked URL, so relative URLs inside a stylesheet resolve against /static/ again.
            return URLFetcherResponse(
                url, body=file.read_bytes(), headers={"Content-Type": mime or "application/octet-stream"}
            )

    return StaticOnlyFetcher


def static_only_fetcher(images: dict[str, str] | None = None):
    return _fetcher_class()(allowed_protocols=("http", "https", "file"), allow_redirects=False, images=images)


@functools.cache
def _font_config():
    """One font configuration per process: WeasyPrint decodes each @font-face (WOFF2) into it once, not for every
    document (that took ~0.1 s of every brief)."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    # Let go of it before the interpreter shuts down: its __del__ removes the decoded fonts' temporary folder and
    # fails ("Exception ignored …") when that runs after the modules are gone.
    atexit.register(_font_config.cache_clear)
    return config


def render_pdf(template_name: str, context: dict, images: dict[str, str] | None = None) -> bytes:
    """Render a Django template to an A4, tagged PDF/UA-1 document in the active language.

    The template sets `<html lang="{{ LANGUAGE_CODE }}">` (WeasyPrint writes it as the document's /Lang) and its
    own `@page { size: A4 }`; both are also enforced here. Fetches go through `static_only_fetcher()`.
    `images` are SVG charts the template shows as `<img src="chart:<key>" alt="…">`: as images, not inline SVG,
    WeasyPrint neither parses their text as HTML nor runs the CSS cascade over their hundreds of nodes (that was
    most of a brief's time), and each is tagged as one figure with its alternative text.
    """
    from weasyprint import CSS, HTML

    language = translation.get_language() or settings.LANGUAGE_CODE
    html = render_to_string(template_name, {"LANGUAGE_CODE": language, **context})
    fetcher, fonts = static_only_fetcher(images), _font_config()
    document = HTML(string=html, base_url=_base_url(), url_fetcher=fetcher)
    page_css = CSS(string="@page { size: A4; }", url_fetcher=fetcher, font_config=fonts)
    return document.write_pdf(stylesheets=[page_css], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True)
