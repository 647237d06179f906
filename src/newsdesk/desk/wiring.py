"""Putting the desk on the web app: its routes, stylesheet and answers to refusals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from newsdesk.app import App
from newsdesk.desk.article_pages import article_routes
from newsdesk.desk.auth_pages import auth_routes
from newsdesk.desk.context import Desk, DeskRefusal, LoginNeeded, login_url, refusal_page
from newsdesk.desk.health_pages import health_routes
from newsdesk.desk.publishing_pages import publishing_routes
from newsdesk.desk.source_pages import source_routes
from newsdesk.desk.story_pages import story_routes
from newsdesk.desk.user_pages import user_routes
from newsdesk.publish.conditional import conditional_response
from newsdesk.story_desk import StoryDesk


def _stylesheet() -> bytes:
    return resources.files("newsdesk.desk").joinpath("static/desk.css").read_bytes()


def add_desk(web: FastAPI, app: App, *,
             story_desk: Callable[[], StoryDesk] | None = None) -> Desk:
    """Serve the desk at /desk on ``web``. ``story_desk`` gives the story grouping the desk's
    splits and merges go through (the running pipeline's, so both share one index); by
    default the app's own."""
    desk = Desk(app, story_desk or (lambda: app.desk))
    css = _stylesheet()
    desk.templates.globals["desk_css_version"] = hashlib.sha256(css).hexdigest()[:12]
    desk.templates.filters["credit_label"] = _credit_label

    @web.get("/desk/static/desk.css", include_in_schema=False)
    def stylesheet(request: Request) -> Response:
        return conditional_response(request, css, media_type="text/css",
                                    cache_control="public, max-age=31536000, immutable")

    for router in routers(desk):
        web.include_router(router)

    @web.exception_handler(LoginNeeded)
    async def login_first(request: Request, exc: LoginNeeded) -> Response:
        if await run_in_threadpool(desk.store.user_count) == 0:
            return await run_in_threadpool(desk.page, request, "desk/no_users.html", None)
        return RedirectResponse(login_url(exc.next_path), status_code=303)

    @web.exception_handler(DeskRefusal)
    async def refused(request: Request, exc: DeskRefusal) -> Response:
        return await run_in_threadpool(refusal_page, desk, request, exc)

    return desk


def routers(desk: Desk) -> list[APIRouter]:
    """Every page and form of the desk, by subject."""
    return [routes(desk) for routes in (auth_routes, health_routes, source_routes,
                                        article_routes, story_routes, publishing_routes,
                                        user_routes)]


def _credit_label(text: str | None) -> str:
    """A credit as a correction keeps it (JSON), in words."""
    data = json.loads(text) if text else None
    if not data:
        return "no credit"
    return data["name"] + (f" ({data['desk']})" if data.get("desk") else "")
