from django.utils import translation

from biomass.languages import bilingual, english_active


def test_spanish_unless_english_is_active():
    with translation.override("en-us"):
        assert english_active()
        assert bilingual("Maíz", "Maize") == "Maize"
    with translation.override("es"):
        assert not english_active()
        assert bilingual("Maíz", "Maize") == "Maíz"
    with translation.override(None):  # no active language: Spanish, the platform's first
        assert not english_active()
        assert bilingual("Maíz", "Maize") == "Maíz"


def test_a_missing_english_name_falls_back_to_spanish():
    with translation.override("en"):
        assert bilingual("Rastrojo", "") == "Rastrojo"
