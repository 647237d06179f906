"""What every desk page shares: the running app, sessions, who may do what, rendering.

Access is checked by dependencies, never in page code: `editor` and `admin` give the visitor
(or send an anonymous one to the login page, or refuse an editor an admin's page), and
`editor_form` / `admin_form` also read a POSTed form and refuse it unless it carries the
session's token and comes from this site. Every POST route takes one of the two form
dependencies; tests/desk/test_forms.py walks the routes to hold that true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader
from starlette.datastructures import FormData

from newsdesk.app import App
from newsdesk.desk.sessions import Sessions, Visitor, same_token
from newsdesk.ids import IdError, checked_id
from newsdesk.publish.i18n.interface import Interface, content_attrs
from newsdesk.publish.templating import Templates
from newsdesk.store import StoreError
from newsdesk.story_desk import StoryDesk

CSRF_FIELD = "csrf"
K = TypeVar("K")
T = TypeVar("T")


class LoginNeeded(Exception):
    """Nobody is logged in: go to the login page, then come back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class DeskRefusal(Exception):
    """A request the desk turns down, with a status and a sentence for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Posted:
    """A checked form and who sent it."""

    visitor: Visitor
    form: FormData

    def text(self, name: str, limit: int = 2000) -> str:
        value = self.form.get(name)
        return value.strip()[:limit] if isinstance(value, str) else ""


def desk_environment(timezone: str = "UTC") -> Environment:
    """The site's English template environment (filters, autoescaping, gettext) that also
    finds the desk's templates, so desk pages can use the site's macros; times are shown in
    the site's time zone."""
    env = Templates().environment("en")  # a private instance: the loader changes below
    env.loader = ChoiceLoader([PackageLoader("newsdesk.desk", "templates"), env.loader])
    ui = Interface("en", ZoneInfo(timezone))
    env.globals["ui"] = ui
    env.filters.update(ago=ui.ago, day=ui.when, lang=content_attrs)
    return env


class Desk:
    """The desk's shared state, built once per web app."""

    def __init__(self, app: App, story_desk: Callable[[], StoryDesk]) -> None:
        self.app = app
        self.store = app.store
        self.sessions = Sessions(app.store)
        self.templates = desk_environment(app.config.site.timezone)
        self.story_desk = story_desk
        self.editor, self.admin = self._visitor_checks()
        self.editor_form = self._form_check(self.editor)
        self.admin_form = self._form_check(self.admin)

    def _visitor_checks(self) -> tuple[Callable[..., Visitor], Callable[..., Visitor]]:
        def editor(request: Request) -> Visitor:
            found = self.sessions.visitor(request)
            if found is None:
                raise LoginNeeded(_here(request))
            return found

        def admin(visitor: Visitor = Depends(editor)) -> Visitor:
            if not visitor.is_admin:
                raise DeskRefusal(403, "Only an admin may do this. Ask an admin of this desk.")
            return visitor
        return editor, admin

    @staticmethod
    def _form_check(who: Callable[..., Visitor]) -> Callable[..., Any]:
        async def checked(request: Request, visitor: Visitor = Depends(who)) -> Posted:
            if request.headers.get("sec-fetch-site") == "cross-site":
                raise DeskRefusal(403, "This form was sent from another site; it is refused.")
            form = await request.form()
            if not same_token(_text(form.get(CSRF_FIELD)), visitor.csrf_token):
                raise DeskRefusal(403, "This form has expired or did not come from this desk."
                                       " Go back, reload the page and send it again.")
            return Posted(visitor, form)
        return checked

    # --- answers --------------------------------------------------------------------------
    def page(self, request: Request, template: str, visitor: Visitor | None, *,
             status: int = 200, **context: Any) -> HTMLResponse:
        """A desk page, with the note the previous action left, if any."""
        body = self.templates.get_template(template).render(
            visitor=visitor, csrf=visitor.csrf_token if visitor else "",
            note=self.sessions.note(request), path=request.url.path, **context)
        response = HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})
        self.sessions.clear_note(request, response)
        return response

    def done(self, request: Request, to: str, note: str) -> RedirectResponse:
        """After a change: back to a page (POST, redirect, GET), with a note on it."""
        response = RedirectResponse(to, status_code=303)
        self.sessions.leave_note(request, response, note)
        return response

    def audit(self, visitor: Visitor, action: str, target: str, detail: str = "") -> None:
        self.store.record_audit(visitor.user.name, action, target, detail)


def sentence(problem: object) -> str:
    """An error's message as a sentence for a page."""
    text = str(problem).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def found(getter: Callable[[K], T], key: K) -> T:
    """What ``getter`` finds for ``key``, or a "not found" page saying what is missing (also
    for an id no row can have)."""
    try:
        if isinstance(key, int):
            checked_id(key, "row")
        return getter(key)
    except (StoreError, IdError) as exc:
        raise DeskRefusal(404, sentence(exc)) from exc


def _here(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query and request.method == "GET" else ""
    return request.url.path + query if request.method == "GET" else "/desk"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def login_url(next_path: str) -> str:
    return "/desk/login?next=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a desk path, never another site."""
    if value and value.startswith("/desk") and "//" not in value and "\\" not in value:
        return value
    return "/desk"


def refusal_page(desk: Desk, request: Request, exc: DeskRefusal) -> Response:
    visitor = desk.sessions.visitor(request)
    return desk.page(request, "desk/refused.html", visitor, status=exc.status,
                     message=exc.message)
