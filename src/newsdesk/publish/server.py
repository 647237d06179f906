"""The HTTP application: the site and the API on one FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from newsdesk import __version__
from newsdesk.publish.api import api_router
from newsdesk.publish.web import site_router
from newsdesk.store import Store


def create_web_app(store: Store, *, api_token: str | None = None) -> FastAPI:
    app = FastAPI(title="newsdesk", version=__version__, docs_url="/api/docs",
                  openapi_url="/api/openapi.json", redoc_url=None)
    app.include_router(api_router(store, api_token))
    app.include_router(site_router(store))
    return app
