"""Pages from templates: one Jinja2 environment (autoescape on), the interface language
(``?lang=`` then the cookie, Arabic by default) and what every page needs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from khabar.web import annotate
from khabar.web.i18n import DIRECTION, LANGUAGES, translator

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "MISC")
# bidi overrides and isolates, and control characters: shown nowhere in the interface
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")
YEAR = 365 * 86400


def plain(value: object) -> str:
    """A value from an article, for the interface: no bidi override can reorder the page around it."""
    return _INVISIBLE.sub("", "" if value is None else str(value))


def safe_url(value: str | None) -> str | None:
    """An article's URL when it can be followed safely (http or https); None otherwise."""
    if not value:
        return None
    url = _INVISIBLE.sub("", value).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def local_path(value: str | None) -> str:
    """A path on this server to go back to; anything else (another site) becomes '/'."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def link(path: str, **params: Any) -> str:
    """``path`` with the parameters that are set, as a query string."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get("lang")
    return kept if kept in LANGUAGES else "ar"


class Renderer:
    def __init__(self) -> None:
        env = Environment(
            loader=PackageLoader("khabar.web", "templates"),
            autoescape=select_autoescape(["html", "xml"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["plain"] = plain
        env.filters["safe_url"] = safe_url
        env.filters["short"] = lambda doc_id: (doc_id or "")[:12]
        env.globals["speaker_label"] = annotate.speaker_label
        env.globals["doc_events"] = annotate.events
        env.globals["event_label"] = annotate.event_label
        env.globals["ENTITY_TYPES"] = ENTITY_TYPES
        env.globals["url"] = link
        self.env = env

    def warm(self) -> None:
        """Compile every template now, not on the first requests (which would compile them at once, in parallel)."""
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    def __call__(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request)
        other = "en" if lang == "ar" else "ar"
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        toggle = request.url.path + "?" + urlencode([*params, ("lang", other)])  # the same page, other language
        html = self.env.get_template(template).render(
            lang=lang,
            dir=DIRECTION[lang],
            t=translator(lang),
            toggle=toggle,
            other=other,
            path=request.url.path,
            **context,
        )
        response = HTMLResponse(html, status)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie("lang", lang, max_age=YEAR, samesite="lax", httponly=True)
        return response
