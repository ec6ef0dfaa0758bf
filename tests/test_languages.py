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


# --- stored texts, server messages and numbers in the active language (issue 15) ----------
from biomass.errors import InvalidGeometry, InvalidInput  # noqa: E402
from biomass.languages import error_message, number_text, translated  # noqa: E402


def test_stored_texts_follow_the_language_and_composed_ones_are_translated_piece_by_piece():
    with translation.override("es"):
        assert translated("t DM/ha/yr") == "t MS/ha/año"
        assert translated("Guatemala City") == "Ciudad de Guatemala"
        assert (
            translated("FAOSTAT food balances, mean 2016–2020")
            == "Balances alimentarios de FAOSTAT, media 2016–2020"
        )
        assert translated(
            "FAOSTAT food balances; FAOSTAT food balances, mean of the last five years reported, 2015–2020"
        ) == (
            "Balances alimentarios de FAOSTAT; Balances alimentarios de FAOSTAT, "
            "media de los últimos cinco años informados, 2015–2020"
        )
        assert translated("a text nobody translated") == "a text nobody translated"
        assert translated("") == ""
    with translation.override("en"):
        assert translated("t DM/ha/yr") == "t DM/ha/yr"
        assert translated("FAOSTAT food balances, mean 2016–2020") == "FAOSTAT food balances, mean 2016–2020"


def test_an_error_is_translated_then_filled_in_with_numbers_in_the_language_format():
    error = InvalidGeometry(
        "the polygon covers %(area)s km²; the limit is %(limit)s km²",
        params={"area": 1957848, "limit": 1000000},
    )
    assert (
        error.message == "the polygon covers 1,957,848 km²; the limit is 1,000,000 km²"
    )  # the command line's
    with translation.override("en"):
        assert error_message(error) == "the polygon covers 1,957,848 km²; the limit is 1,000,000 km²"
    with translation.override("es"):
        assert error_message(error) == "el polígono cubre 1,957,848 km²; el límite es 1,000,000 km²"
        assert error_message(InvalidInput("the geometry is empty")) == "la geometría está vacía"
        assert error_message(InvalidInput("no translation for this one")) == "no translation for this one"


def test_numbers_in_messages():
    with translation.override("es"):
        assert number_text(300.0) == "300"
        assert number_text(1234.5) == "1,234.5"
        assert number_text("Point") == "Point" and number_text(True) is True


def test_a_unit_in_a_message_is_translated_but_not_what_the_user_sent():
    error = InvalidInput(
        "%(field)s must be within %(low)s–%(high)s (%(unit)s), got %(value)s",
        params={"field": "price_usd_t", "low": 0.0, "high": 1000.0, "unit": "USD/t DM", "value": 5000.0},
    )
    with translation.override("es"):
        assert error_message(error) == "price_usd_t debe estar entre 0 y 1,000 (USD/t MS); se recibió 5,000"
    with translation.override("en"):
        assert error_message(error) == "price_usd_t must be within 0–1,000 (USD/t DM), got 5,000"
