"""The HTTP application: the site, the feeds and the API on one FastAPI app."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from newsdesk import __version__
from newsdesk.ids import IdError
from newsdesk.publish.access import reader_check
from newsdesk.publish.api import api_router
from newsdesk.publish.feeds import feed_router
from newsdesk.publish.security import SecurityHeaders
from newsdesk.publish.templating import environment
from newsdesk.publish.web import site_router
from newsdesk.store import Store

_TITLES = {400: "Bad request", 401: "Not allowed", 403: "Not allowed", 404: "Not found",
           405: "Not allowed", 422: "Bad request"}


def create_web_app(
    store: Store, *, api_token: str | None = None, read_token: str | None = None,
    allow_private: bool = False,
) -> FastAPI:
    """The whole site. ``api_token`` allows changing sources through the API; ``read_token``,
    when set, makes reading the API and the feeds private too (the HTML site stays public:
    see docs/security.md)."""
    app = FastAPI(title="newsdesk", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Stories, articles and sources gathered by newsdesk.")
    app.include_router(api_router(store, api_token, read_token, allow_private=allow_private))
    app.include_router(feed_router(store),
                       dependencies=[Depends(reader_check(api_token, read_token, basic=True))])
    app.include_router(site_router(store))
    _error_pages(app)
    app.add_middleware(GZipMiddleware, minimum_size=600, compresslevel=6)
    app.add_middleware(SecurityHeaders)
    return app


def _error_pages(app: FastAPI) -> None:
    """Errors as JSON under /api, as a page elsewhere."""
    env = environment()

    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status)
        body = env.get_template("error.html").render(
            title=_TITLES.get(status, "Something went wrong"), message=message)
        return HTMLResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "that request cannot be served"
        response = answer(request, exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(IdError)
    async def no_such_id(request: Request, exc: IdError) -> Response:
        return answer(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        return answer(request, 400, "Part of that address is not valid; check it and retry.")


def jsonable(value: object) -> object:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)
