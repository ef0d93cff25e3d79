"""Request body size limit (请求体大小上限), enforced while the body streams in.

A declared ``Content-Length`` over the limit is refused before a byte is read; a chunked body
is counted as it arrives and refused with 413 as soon as it passes the limit, so a 200 MiB body
is never held in memory. Every other body is a JSON request of a few KB
(``settings.max_body_bytes``); the upload route has its own, larger limit.

Starlette/FastAPI's own body limit answers a declared oversize body with plain text from
outside the app's error handlers and headers; this one answers with the API's error shape.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LimitFor = Callable[[str], int]  # request path -> its body limit in bytes


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"请求体超过大小上限 {limit} 字节 (request body too large)")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit_for: LimitFor) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            refusal = too_large(limit)
            body = {"detail": refusal.detail, "error": "HTTPException"}
            await JSONResponse(body, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises an HTTPException from body reading: the 413 handler answers
                    raise too_large(limit)
            return message

        await self.app(scope, counted_receive, send)
