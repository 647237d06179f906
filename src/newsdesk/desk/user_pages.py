"""Users in the desk (admins only): add an account, change a role, set a password, log an
account out everywhere, remove it. The rules live in `accounts`, shared with the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from newsdesk.desk import accounts
from newsdesk.desk.context import Desk, DeskRefusal, Posted, sentence
from newsdesk.desk.sessions import Visitor
from newsdesk.store import StoreError, User


def user_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk/users", include_in_schema=False)
    store = desk.store

    def listing(request: Request, visitor: Visitor, *, problem: str | None = None,
                form: dict[str, str] | None = None, status: int = 200) -> Response:
        return desk.page(request, "desk/users.html", visitor, users=store.list_users(),
                         roles=accounts.ROLES, problem=problem, form=form or {}, status=status)

    def found(name: str) -> User:
        user = store.get_user(name)
        if user is None:
            raise DeskRefusal(404, f"There is no user {name}.")
        return user

    @router.get("")
    def users(request: Request, visitor: Visitor = Depends(desk.admin)) -> Response:
        return listing(request, visitor)

    @router.post("")
    def add(request: Request, posted: Posted = Depends(desk.admin_form)) -> Response:
        form = {k: posted.text(k, 100) for k in ("name", "role")}
        password = str(posted.form.get("password", ""))
        try:
            added = accounts.add_user(store, form["name"], form["role"], password,
                                      actor=posted.visitor.user.name)
        except (accounts.AccountError, StoreError) as exc:
            return listing(request, posted.visitor, problem=sentence(exc), form=form,
                           status=400)
        return desk.done(request, "/desk/users", f"Added {added.name} ({added.role}).")

    @router.post("/{name}/role")
    def role(request: Request, name: str, posted: Posted = Depends(desk.admin_form)
             ) -> Response:
        user = found(name)
        try:
            accounts.set_role(store, user.name, posted.text("role", 20),
                              actor=posted.visitor.user.name)
        except accounts.AccountError as exc:
            return listing(request, posted.visitor, problem=sentence(exc), status=400)
        return desk.done(request, "/desk/users", f"{user.name} is now {posted.text('role')}.")

    @router.post("/{name}/password")
    def password(request: Request, name: str, posted: Posted = Depends(desk.admin_form)
                 ) -> Response:
        user = found(name)
        try:
            accounts.set_password(store, user.name, str(posted.form.get("password", "")),
                                  actor=posted.visitor.user.name)
        except accounts.AccountError as exc:
            return listing(request, posted.visitor, problem=sentence(exc), status=400)
        to = "/desk/users" if user.id != posted.visitor.user.id else "/desk/login"
        return desk.done(request, to, f"New password set for {user.name}; their sessions"
                         " are logged out.")

    @router.post("/{name}/logout")
    def logout_everywhere(request: Request, name: str,
                          posted: Posted = Depends(desk.admin_form)) -> Response:
        user = found(name)
        store.end_user_sessions(user.id)
        desk.audit(posted.visitor, "user.logout", f"user {user.name}", "every session")
        to = "/desk/users" if user.id != posted.visitor.user.id else "/desk/login"
        return desk.done(request, to, f"{user.name} is logged out everywhere.")

    @router.post("/{name}/remove")
    def remove(request: Request, name: str, posted: Posted = Depends(desk.admin_form)
               ) -> Response:
        user = found(name)
        if user.id == posted.visitor.user.id:
            return listing(request, posted.visitor, status=400,
                           problem="You cannot remove your own account; ask another admin.")
        try:
            accounts.remove_user(store, user.name, actor=posted.visitor.user.name)
        except accounts.AccountError as exc:
            return listing(request, posted.visitor, problem=sentence(exc), status=400)
        return desk.done(request, "/desk/users", f"Removed {user.name}.")

    return router

