"""Stories in the desk: hide or take down a whole story, merge two stories (grouping then
respects it, as for `newsdesk stories merge`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from newsdesk.desk.context import Desk, DeskRefusal, Posted, found, sentence
from newsdesk.desk.sessions import Visitor
from newsdesk.publish import cursor
from newsdesk.store import StoreError
from newsdesk.store.publishing import ArticleFilter
from newsdesk.stories import StoriesError

PAGE = 30


def story_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)
    store = desk.store

    @router.get("/stories")
    def stories(request: Request, view: str = "", after: str | None = None,
                visitor: Visitor = Depends(desk.editor)) -> Response:
        older = None
        if view == "hidden":
            listed = [found(store.get_story, i) for i in store.hidden_story_ids(limit=100)]
        else:
            before = _before(after)
            listed = store.story_page(ArticleFilter(include_hidden=True), limit=PAGE + 1,
                                      before=before)
            if len(listed) > PAGE:
                listed = listed[:PAGE]
                older = f"/desk/stories?after={cursor.story_cursor(listed[-1])}"
        return desk.page(request, "desk/stories.html", visitor, stories=listed, view=view,
                         older=older, states=store.story_states([s.id for s in listed]))

    @router.get("/stories/{story_id}")
    def story(request: Request, story_id: int, visitor: Visitor = Depends(desk.editor)
              ) -> Response:
        shown = found(store.get_story, story_id)
        return desk.page(
            request, "desk/story.html", visitor, story=shown,
            state=store.story_states([story_id]).get(story_id),
            article_states=store.article_states([a.id for a in shown.articles]),
            history=store.audit_entries(limit=20, target=f"story {story_id}"))

    for action in ("hide", "takedown", "unhide"):
        router.add_api_route(f"/stories/{{story_id}}/{action}", _visibility(desk, action),
                             methods=["POST"])

    @router.post("/stories/{story_id}/merge")
    def merge(request: Request, story_id: int, posted: Posted = Depends(desk.editor_form)
              ) -> Response:
        into_text = posted.text("into", 20).lstrip("#")
        if not into_text.isdigit() or int(into_text) == story_id:
            raise DeskRefusal(400, "Give the number of another story to merge this one into.")
        into = int(into_text)
        found(store.get_story, story_id)
        found(store.get_story, into)
        try:
            desk.story_desk().merge(story_id, into)
        except (StoreError, StoriesError) as exc:
            raise DeskRefusal(400, sentence(exc)) from exc
        desk.audit(posted.visitor, "story.merge", f"story {story_id}", f"into story {into}")
        return desk.done(request, f"/desk/stories/{into}", f"Story {story_id} is merged into"
                         f" story {into}; grouping keeps them together.")

    return router


def _visibility(desk: Desk, action: str) -> Callable[..., Response]:
    def act(request: Request, story_id: int, posted: Posted = Depends(desk.editor_form)
            ) -> Response:
        found(desk.store.get_story, story_id)
        state = desk.store.story_states([story_id]).get(story_id)
        reason = posted.text("reason", 1000)
        if action == "unhide":
            if state == "takedown" and not posted.visitor.is_admin:
                raise DeskRefusal(403, "Only an admin may put back a story that was taken"
                                       " down.")
            desk.store.set_story_hidden(story_id, None)
            note, detail = "The story is shown again.", f"was {state or 'shown'}"
        else:
            if action == "takedown" and not reason:
                raise DeskRefusal(400, "A takedown needs a reason (it is kept in the audit"
                                       " log).")
            desk.store.set_story_hidden(story_id, "takedown" if action == "takedown"
                                        else "hidden")
            note = ("The story and its articles left the site, the feeds, search and"
                    " Telegram.")
            detail = reason
        desk.audit(posted.visitor, f"story.{action}", f"story {story_id}", detail)
        return desk.done(request, f"/desk/stories/{story_id}", note)
    return act


def _before(after: str | None) -> tuple[datetime, int] | None:
    try:
        return cursor.read_story_cursor(after)
    except cursor.CursorError:
        return None
