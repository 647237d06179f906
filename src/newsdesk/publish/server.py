"""The HTTP application: the site, the feeds and the API on one FastAPI app."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from newsdesk import __version__
from newsdesk.config import SiteSettings
from newsdesk.ids import IdError
from newsdesk.ops.http import RequestLog, ops_router
from newsdesk.publish.access import reader_check
from newsdesk.publish.api import api_router
from newsdesk.publish.feeds import feed_router
from newsdesk.publish.head import HeadAsGet
from newsdesk.publish.images import image_router
from newsdesk.publish.page_meta import list_meta
from newsdesk.publish.search_engines import search_engine_router
from newsdesk.publish.security import SecurityHeaders
from newsdesk.publish.site import Site
from newsdesk.publish.web import site_router
from newsdesk.store import Store
from newsdesk.store.image_files import ImageFiles, image_dir

ALREADY_COMPRESSED = ("image/webp", "image/jpeg", "image/png")


def create_web_app(
    store: Store, *, api_token: str | None = None, read_token: str | None = None,
    metrics_token: str | None = None,
    site: SiteSettings | None = None, site_url: str | None = None,
    allow_private: bool = False,
) -> FastAPI:
    """The whole site. ``api_token`` allows changing sources through the API; ``read_token``,
    when set, makes reading the API and the feeds private too (the HTML site stays public:
    see docs/security.md); ``metrics_token``, when set, guards /metrics. ``site`` names,
    dates and translates the site; ``site_url`` is its public address (else each request's
    own)."""
    app = FastAPI(title="newsdesk", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Stories, articles and sources gathered by newsdesk.")
    pages = Site(store, site or SiteSettings(), site_url)
    app.include_router(api_router(store, api_token, read_token, allow_private=allow_private))
    app.include_router(feed_router(store),
                       dependencies=[Depends(reader_check(api_token, read_token, basic=True))])
    app.include_router(search_engine_router(pages))
    app.include_router(image_router(ImageFiles(image_dir(store))))
    app.include_router(site_router(pages))
    app.include_router(ops_router(store, metrics_token=metrics_token))
    _error_pages(app, pages)
    app.add_middleware(GZipMiddleware, minimum_size=600, compresslevel=6,
                       exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES,
                                              *ALREADY_COMPRESSED))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestLog)  # outermost: it sees every answer as sent
    return app


def _error_pages(app: FastAPI, site: Site) -> None:
    """Errors as JSON under /api, as a page in the site's language elsewhere."""

    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status)
        title = _title(site, status)
        return site.render(request, "error.html", status=status, title=title, message=message,
                           meta=list_meta(site, title, noindex=True))

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
        return answer(request, 400, site.ui.gettext(
            "Part of that address is not valid; check it and retry."))


def _title(site: Site, status: int) -> str:
    _ = site.ui.gettext
    if status == 404:
        return _("Not found")
    if status in {400, 422}:
        return _("Bad request")
    if status in {401, 403, 405}:
        return _("Not allowed")
    return _("Something went wrong")


def jsonable(value: object) -> object:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)
