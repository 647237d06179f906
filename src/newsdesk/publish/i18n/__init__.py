"""The site's interface languages: gettext catalogs (English, Persian, Arabic), digits,
calendars and relative times, each bound to the site's time zone."""

from newsdesk.publish.i18n.catalogs import INTERFACE_LANGUAGES, translations
from newsdesk.publish.i18n.interface import Interface, content_attrs, direction, primary

__all__ = [
    "INTERFACE_LANGUAGES",
    "Interface",
    "content_attrs",
    "direction",
    "primary",
    "translations",
]
