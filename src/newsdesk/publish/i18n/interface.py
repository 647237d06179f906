"""One interface language bound to the site's time zone: what templates call to translate,
to write numbers and times, and to mark text direction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from babel.dates import format_timedelta
from babel.lists import format_list
from markupsafe import Markup, escape

from newsdesk.publish.i18n import calendars
from newsdesk.publish.i18n.catalogs import INTERFACE_LANGUAGES, translations

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "ckb", "yi", "dv", "sd", "ug"})
RELATIVE_FOR = timedelta(days=7)  # older times are shown as a date


def primary(language: str | None) -> str:
    """The primary subtag, lower case: ``pt-BR`` → ``pt``; "" when unknown."""
    return (language or "").split("-")[0].split("_")[0].strip().lower()


def direction(language: str | None) -> str:
    return "rtl" if primary(language) in RTL_LANGUAGES else "ltr"


def content_attrs(language: str | None) -> Markup:
    """``lang`` and ``dir`` for an element holding text in ``language`` (``dir=auto`` when the
    language is unknown, so the browser judges from the text itself)."""
    if not language:
        return Markup('dir="auto"')
    return Markup('lang="{}" dir="{}"').format(language, direction(language))


@dataclass(frozen=True)
class Interface:
    """The interface in ``code`` (en, fa or ar), showing times in ``zone``."""

    code: str
    zone: tzinfo = UTC
    hijri: bool = False
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __post_init__(self) -> None:
        if self.code not in INTERFACE_LANGUAGES:
            raise ValueError(f"NEWSDESK_LANGUAGE={self.code!r} has no interface translation;"
                             f" use one of {', '.join(INTERFACE_LANGUAGES)}")

    @property
    def direction(self) -> str:
        return direction(self.code)

    def gettext(self, message: str) -> str:
        return translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.code).ngettext(singular, plural, n)

    def number(self, value: int | float) -> str:
        return calendars.digits(f"{value:,}" if self.code == "en" else str(value), self.code)

    def listing(self, items: list[object]) -> Markup:
        """"A, B and C" in the interface's words (items escaped unless already markup)."""
        return Markup(format_list([str(escape(i)) for i in items], locale=self.code))

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def when(self, moment: datetime | None) -> str:
        """The full local date and time."""
        if moment is None:
            return ""
        return calendars.full_date(self.local(moment), self.code, hijri=self.hijri)

    def day(self, moment: datetime | None) -> str:
        return "" if moment is None else calendars.short_date(self.local(moment), self.code,
                                                              hijri=self.hijri)

    def ago(self, moment: datetime | None) -> str:
        """"5 minutes ago" in the interface's words and digits; a date past a week."""
        if moment is None:
            return ""
        elapsed = self.clock() - moment
        if elapsed < timedelta(minutes=1):
            return self.gettext("just now")
        if elapsed >= RELATIVE_FOR:
            return self.day(moment)
        text = format_timedelta(-elapsed, add_direction=True, threshold=1.0, locale=self.code)
        return calendars.digits(text, self.code)
