"""Interface text in Dutch (the default) and English: one dict per language, looked up by key.

Unknown keys fall back to Dutch and then to the key itself, so a missing translation shows up
on the page instead of breaking it.
"""

from __future__ import annotations

from collections.abc import Callable

from service.web.texts import TEXTS

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
LANG_COOKIE = "plc_lang"


def pick_lang(value: str | None) -> str:
    """``value`` when it is a supported language, else the default (Dutch)."""
    return value if value in LANGS else DEFAULT_LANG


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = TEXTS.get(lang, {}).get(key) or TEXTS[DEFAULT_LANG].get(key) or key
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """A ``t(key, **values)`` function bound to one language (for the templates)."""

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    return t
