"""Logging in and out, and changing one's own password."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from newsdesk.desk import accounts
from newsdesk.desk.context import Desk, Posted, safe_next, sentence
from newsdesk.desk.sessions import LoginRefused, Visitor, client_address, log_in


def auth_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)

    @router.get("/login")
    def login_form(request: Request, next: str = "/desk") -> Response:
        if desk.store.user_count() == 0:
            return desk.page(request, "desk/no_users.html", None)
        if desk.sessions.visitor(request) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return _login_page(request, next)

    def _login_page(request: Request, next_path: str, *, name: str = "",
                    problem: str | None = None, status: int = 200) -> Response:
        token = desk.sessions.login_token(request)
        response = desk.page(request, "desk/login.html", None, status=status, name=name,
                             problem=problem, next=safe_next(next_path), login_token=token)
        desk.sessions.keep_login_token(request, response, token)
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name", ""))[:200], str(form.get("password", ""))
        next_path = str(form.get("next", "/desk"))
        if not desk.sessions.login_token_matches(request, str(form.get("csrf", ""))):
            return _login_page(request, next_path, name=name, status=403,
                               problem="The login form had expired. Log in again.")
        try:
            user = await run_in_threadpool(log_in, desk.store, name, password,
                                           client_address(request))
        except LoginRefused as exc:
            return _login_page(request, next_path, name=name, problem=str(exc), status=401)
        response = RedirectResponse(safe_next(next_path), status_code=303)
        await run_in_threadpool(desk.sessions.start, request, response, user)
        await run_in_threadpool(desk.store.record_audit, user.name, "login", f"user {user.name}",
                                f"from {client_address(request)}")
        return response

    @router.post("/logout")
    def logout(request: Request, posted: Posted = Depends(desk.editor_form)) -> Response:
        response = desk.done(request, "/desk/login", "You are logged out.")
        desk.sessions.end(request, response)
        desk.audit(posted.visitor, "logout", f"user {posted.visitor.user.name}")
        return response

    @router.get("/password")
    def password_form(request: Request, visitor: Visitor = Depends(desk.editor)) -> Response:
        return desk.page(request, "desk/password.html", visitor, problem=None)

    @router.post("/password")
    def change_password(request: Request, posted: Posted = Depends(desk.editor_form)
                        ) -> Response:
        visitor = posted.visitor
        current = str(posted.form.get("current", ""))
        new, again = str(posted.form.get("new", "")), str(posted.form.get("again", ""))
        problem = None
        if not accounts.password_matches(visitor.user, current):
            problem = "The current password is wrong."
        elif new != again:
            problem = "The two new passwords differ."
        else:
            try:
                accounts.set_password(desk.store, visitor.user.name, new,
                                      actor=visitor.user.name)
            except accounts.AccountError as exc:
                problem = sentence(exc)
        if problem:
            return desk.page(request, "desk/password.html", visitor, problem=problem,
                             status=400)
        response = desk.done(request, "/desk", "Password changed. Every other session of"
                             " yours has been logged out.")
        desk.sessions.start(request, response, visitor.user)  # this browser stays in
        return response

    return router

