"""Articles in the desk: find one, hide or take it down, correct its title or credit, split
it out of its story. Hidden articles stay in the store; the public never sees them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from newsdesk.desk.context import Desk, DeskRefusal, Posted, found, sentence
from newsdesk.desk.sessions import Visitor
from newsdesk.publish import cursor
from newsdesk.publish.filters import MAX_QUERY_CHARS
from newsdesk.records import Credit
from newsdesk.store import StoredArticle, StoreError
from newsdesk.store.curation import credit_text
from newsdesk.store.publishing import ArticleFilter
from newsdesk.stories import StoriesError

PAGE = 50


def article_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)
    store = desk.store

    @router.get("/articles")
    def articles(request: Request, q: str = "", source: str = "", view: str = "",
                 after: str | None = None, visitor: Visitor = Depends(desk.editor)
                 ) -> Response:
        q = q.strip()[:MAX_QUERY_CHARS]
        source_id = int(source) if source.strip().isdigit() else None
        older = None
        if view == "hidden":
            listed = store.hidden_articles(limit=200)
        elif q:
            listed = store.search_articles(q, ArticleFilter(source_id=source_id), limit=PAGE)
        else:
            before_id = _before(after)
            listed = store.article_page(ArticleFilter(source_id=source_id, include_hidden=True),
                                        limit=PAGE + 1, before_id=before_id)
            if len(listed) > PAGE:
                listed = listed[:PAGE]
                query = f"source={source_id}&" if source_id else ""
                older = f"/desk/articles?{query}after={cursor.id_cursor(listed[-1].id)}"
        return desk.page(request, "desk/articles.html", visitor, articles=listed, q=q,
                         source_id=source_id, view=view, older=older,
                         states=store.article_states([a.id for a in listed]),
                         hidden_stories=store.story_states(
                             sorted({a.story_id for a in listed if a.story_id})))

    @router.get("/articles/{article_id}")
    def article(request: Request, article_id: int, visitor: Visitor = Depends(desk.editor)
                ) -> Response:
        stored = found(store.get_article, article_id)
        story_state = store.story_states([stored.story_id]) if stored.story_id else {}
        return desk.page(
            request, "desk/article.html", visitor, stored=stored, a=stored.article,
            state=store.article_states([article_id]).get(article_id),
            story_state=story_state.get(stored.story_id or 0),
            corrections=store.corrections_of(article_id),
            history=store.audit_entries(limit=20, target=f"article {article_id}"))

    @router.post("/articles/{article_id}/hide")
    def hide(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
             ) -> Response:
        return _hide(desk, request, posted, found(store.get_article, article_id), "hidden")

    @router.post("/articles/{article_id}/takedown")
    def takedown(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
                 ) -> Response:
        return _hide(desk, request, posted, found(store.get_article, article_id), "takedown")

    @router.post("/articles/{article_id}/unhide")
    def unhide(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
               ) -> Response:
        found(store.get_article, article_id)
        state = store.article_states([article_id]).get(article_id)
        if state == "takedown" and not posted.visitor.is_admin:
            raise DeskRefusal(403, "Only an admin may put back an article that was taken down.")
        store.set_article_hidden(article_id, None)
        desk.audit(posted.visitor, "article.unhide", f"article {article_id}",
                   f"was {state or 'shown'}")
        return desk.done(request, f"/desk/articles/{article_id}", "The article is shown again.")

    @router.post("/articles/{article_id}/correct")
    def correct(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
                ) -> Response:
        stored = found(store.get_article, article_id)
        changed = _correct(desk, posted, stored)
        if not changed:
            return desk.done(request, f"/desk/articles/{article_id}", "Nothing changed.")
        return desk.done(request, f"/desk/articles/{article_id}",
                         f"Corrected the {' and '.join(changed)}; re-extraction keeps it.")

    @router.post("/articles/{article_id}/withdraw")
    def withdraw(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
                 ) -> Response:
        stored = found(store.get_article, article_id)
        field = posted.text("field", 20)
        try:
            store.withdraw_correction(article_id, field)
        except StoreError as exc:
            raise DeskRefusal(400, sentence(exc)) from exc
        if field == "credit" and stored.story_id:
            desk.story_desk().recheck_original(stored.story_id)
        desk.audit(posted.visitor, "article.correct", f"article {article_id}",
                   f"{field}: correction withdrawn")
        return desk.done(request, f"/desk/articles/{article_id}",
                         f"The {field} is back to what the page says.")

    @router.post("/articles/{article_id}/split")
    def split(request: Request, article_id: int, posted: Posted = Depends(desk.editor_form)
              ) -> Response:
        stored = found(store.get_article, article_id)
        try:
            new = desk.story_desk().split(article_id)
        except (StoreError, StoriesError) as exc:
            raise DeskRefusal(400, sentence(exc)) from exc
        desk.audit(posted.visitor, "story.split", f"article {article_id}",
                   f"out of story {stored.story_id} into new story {new}")
        return desk.done(request, f"/desk/stories/{new}", f"Article {article_id} is now story"
                         f" {new}, apart from story {stored.story_id}; grouping remembers it.")

    return router


def _hide(desk: Desk, request: Request, posted: Posted, stored: StoredArticle,
          state: str) -> Response:
    reason = posted.text("reason", 1000)
    if state == "takedown" and not reason:
        raise DeskRefusal(400, "A takedown needs a reason (it is kept in the audit log).")
    note = "The article is hidden: it left the site, the feeds, search and Telegram."
    detail = reason
    if stored.story_id is not None and _leads_a_shared_story(desk, stored):
        # a story is shown through its original: move this one out, so the story stays on
        # the site with its next original
        new = desk.story_desk().split(stored.id)
        moved = f"it led story {stored.story_id}, so it was split out of it (now story {new})"
        note += f" {moved.capitalize()}."
        detail = "; ".join(filter(None, [reason, moved]))
    desk.store.set_article_hidden(stored.id, state)
    verb = "article.takedown" if state == "takedown" else "article.hide"
    desk.audit(posted.visitor, verb, f"article {stored.id}", detail)
    return desk.done(request, f"/desk/articles/{stored.id}", note)


def _leads_a_shared_story(desk: Desk, stored: StoredArticle) -> bool:
    story = desk.store.get_story(stored.story_id or 0)
    return story.original_article_id == stored.id and story.article_count > 1


def _correct(desk: Desk, posted: Posted, stored: StoredArticle) -> list[str]:
    """Apply the title and credit the form gives, where they differ; what changed."""
    a, changed = stored.article, []
    title = posted.text("title", 500)
    if title and title != a.title:
        desk.store.correct_article(stored.id, "title", title, by=posted.visitor.user.name)
        desk.audit(posted.visitor, "article.correct", f"article {stored.id}",
                   f"title: {a.title!r} -> {title!r}")
        changed.append("title")
    name, outlet_desk = posted.text("credit_name", 200), posted.text("credit_desk", 200)
    credit = Credit(name, outlet_desk or None) if name else None
    if "credit_name" in posted.form and credit != a.original_source:
        desk.store.correct_article(stored.id, "credit", credit_text(credit),
                                   by=posted.visitor.user.name)
        if stored.story_id:
            desk.story_desk().recheck_original(stored.story_id)
        desk.audit(posted.visitor, "article.correct", f"article {stored.id}",
                   f"credit: {_credit(a.original_source)} -> {_credit(credit)}")
        changed.append("credit")
    return changed


def _credit(credit: Credit | None) -> str:
    if credit is None:
        return "none"
    return credit.name + (f" ({credit.desk})" if credit.desk else "")


def _before(after: str | None) -> int | None:
    try:
        return cursor.read_id_cursor(after)
    except cursor.CursorError:
        return None
