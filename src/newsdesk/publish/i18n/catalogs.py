"""gettext catalogs of the site, read from the ``.po`` files shipped in the package.

The ``.po`` files are compiled in memory when first needed (Babel), so a plain
``pip install`` works without a build step and the catalogs in the repository are the only
copy. English is the source language and needs no catalog.
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "site"
INTERFACE_LANGUAGES = ("en", "fa", "ar")


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (one of `INTERFACE_LANGUAGES`); English: the msgids."""
    if language == "en":
        return NullTranslations()
    if language not in INTERFACE_LANGUAGES:
        raise ValueError(f"no interface translation for {language!r}; use one of"
                         f" {', '.join(INTERFACE_LANGUAGES)}")
    po = resources.files("newsdesk.publish.i18n").joinpath(
        f"locale/{language}/LC_MESSAGES/{DOMAIN}.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
