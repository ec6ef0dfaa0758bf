"""The active language, for the names the catalogue and the regions keep in Spanish and
English: Spanish unless English is active (Spanish is the platform's first language), and
Spanish when the English name is missing."""

from __future__ import annotations

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "es")[:2] == "en"


def bilingual(name_es: str, name_en: str) -> str:
    """The name in the active language: the English one if English is active and it exists."""
    return name_en if english_active() and name_en else name_es
