"""What keeps a public server safe: headers every response carries, a cap on request
bodies, and the bearer token that guards writes (and reads, when the server is private).

Article text is hostile input. Templates escape everything (Jinja2 autoescape); the
Content-Security-Policy below allows no inline script, no inline style, no plugin, no
framing and no script from anywhere but this server, so even markup that slipped past
escaping could not run.
"""

from __future__ import annotations

import hmac
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar.web.problems import Problem

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Adds the CSP and the other security headers to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in (*HEADERS.items(), ("content-security-policy", CSP)):
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes (413), whether it declares its length or streams."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        detail = f"the request body is larger than {self.limit:,} bytes"
        response = Problem(413, "too-large", detail).response(scope.get("path"))
        await response(scope, _empty_receive, send)


class _TooLarge(Exception):
    pass


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def bearer(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_token(expected: str | None, given: str | None, action: str) -> None:
    """Raise a 401/403 problem unless ``given`` is the server's token."""
    if expected is None:
        raise Problem(
            403,
            "writes-disabled",
            f"{action} needs a token, and this server has none: start it with KHABAR_TOKEN or --token-file",
        )
    if given is None:
        raise Problem(
            401,
            "token-required",
            f"{action} needs the server's token: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": 'Bearer realm="khabar"'},
        )
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Problem(
            403, "bad-token", "the token does not match this server's", headers={"WWW-Authenticate": "Bearer"}
        )
