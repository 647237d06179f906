"""Dates as readers of each interface language expect them: Gregorian with English month
names, the Solar Hijri calendar in Persian (jdatetime), Gregorian with Arabic month names
and, if asked, the Hijri date too (hijridate). Digits are the language's own."""

from __future__ import annotations

from datetime import datetime

import jdatetime
from babel.dates import format_datetime
from hijridate import Gregorian

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIGITS = {"fa": _PERSIAN_DIGITS, "ar": _ARABIC_DIGITS}


def digits(text: str, language: str) -> str:
    """``text`` with 0–9 written in ``language``'s digits (Persian ۰–۹, Arabic ٠–٩)."""
    table = _DIGITS.get(language)
    return text.translate(table) if table else text


def full_date(moment: datetime, language: str, *, hijri: bool = False) -> str:
    """Day, month, year and time of ``moment`` (already in the site's zone)."""
    if language == "fa":
        solar = jdatetime.datetime.fromgregorian(datetime=moment.replace(tzinfo=None))
        month = jdatetime.date.j_months_fa[solar.month - 1]
        return digits(f"{solar.day} {month} {solar.year}، ساعت {moment:%H:%M}", "fa")
    if language == "ar":
        text = format_datetime(moment, "d MMMM y، HH:mm", locale="ar")
        if hijri:
            text += " — " + hijri_date(moment)
        return digits(text, "ar")
    return format_datetime(moment, "d MMMM y, HH:mm", locale="en")


def short_date(moment: datetime, language: str, *, hijri: bool = False) -> str:
    """Day, month and year only."""
    if language == "fa":
        solar = jdatetime.date.fromgregorian(date=moment.date())
        return digits(f"{solar.day} {jdatetime.date.j_months_fa[solar.month - 1]} {solar.year}",
                      "fa")
    if language == "ar":
        text = format_datetime(moment, "d MMMM y", locale="ar")
        return digits(text + (" — " + hijri_date(moment) if hijri else ""), "ar")
    return format_datetime(moment, "d MMMM y", locale="en")


def hijri_date(moment: datetime) -> str:
    """The Hijri (Umm al-Qura) date in Arabic, or "" outside the tables' years (1924–2077)."""
    try:
        day = Gregorian(moment.year, moment.month, moment.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{day.day} {day.month_name('ar')} {day.year} {day.notation('ar')}"
