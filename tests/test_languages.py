import pytest
from django.utils import translation

from biomass.errors import InvalidInput
from biomass.languages import bilingual, english_active, requested_language


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
from biomass.engine.errors import Text  # noqa: E402
from biomass.errors import InvalidGeometry  # noqa: E402
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
        assert error_message(error) == "El polígono cubre 1,957,848 km²; el límite es 1,000,000 km²"
        assert error_message(InvalidInput("the geometry is empty")) == "La geometría está vacía"
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


def test_a_geometry_type_is_named_in_spanish_and_a_message_starts_with_a_capital():
    error = InvalidGeometry(
        "the geometry is a %(kind)s; a Polygon or MultiPolygon is needed", params={"kind": "Point"}
    )
    with translation.override("es"):
        assert (
            error_message(error)
            == "La geometría es de tipo punto; se necesita un polígono o un multipolígono"
        )
    with translation.override("en"):
        assert error_message(error) == "the geometry is a Point; a Polygon or MultiPolygon is needed"


def test_a_message_made_of_pieces_translates_each_piece():
    """A statistics file's row: "line 3, column quantity: " + the row's own problem."""
    error = InvalidInput(
        "line %(line)s, column %(column)s: %(problem)s",
        params={"line": "3", "column": "quantity", "problem": Text("%(value)s is negative", value="-3")},
    )
    assert error.message == "line 3, column quantity: -3 is negative"
    with translation.override("es"):
        assert error_message(error) == "Línea 3, columna quantity: -3 es negativo"


def test_a_version_status_in_a_message_is_translated():
    error = InvalidInput(
        "%(version)s is %(status)s; only a failed version can be retried",
        params={"version": "survey v1", "status": "ready"},
    )
    with translation.override("es"):
        assert error_message(error) == "survey v1 está lista; solo se puede reintentar una versión fallida"


def test_our_latin_american_wording_overrides_the_rest_frameworks_spanish():
    """Our locale comes first (LOCALE_PATHS): DRF's "Solicitud fue regulada (throttled)." and
    "Usted no tiene permiso…" give way to ours."""
    from rest_framework import exceptions

    with translation.override("es"):
        assert str(exceptions.Throttled().detail) == "Se hicieron demasiadas solicitudes."
        assert str(exceptions.Throttled(wait=3).detail) == (
            "Se hicieron demasiadas solicitudes. Podrá intentarlo de nuevo en 3 segundos."
        )
        assert (
            str(exceptions.NotAuthenticated().detail)
            == "No se proporcionaron las credenciales de autenticación."
        )
        assert str(exceptions.PermissionDenied().detail) == "No tiene permiso para realizar esta acción."
        assert str(exceptions.MethodNotAllowed("PUT").detail) == 'El método "PUT" no está permitido.'
        assert str(exceptions.ParseError().detail) == "La solicitud no tiene un formato válido."
        assert str(exceptions.NotFound().detail) == "No se encontró."
    with translation.override("en"):
        assert str(exceptions.Throttled().detail) == "Request was throttled."


def test_an_upload_warning_stored_in_english_is_shown_in_spanish():
    warning = "maximum density 120 t DM/ha/yr is implausibly high for residues; check the units"
    with translation.override("es"):
        assert translated(warning) == (
            "La densidad máxima de 120 t MS/ha/año es demasiado alta para residuos; revise las unidades"
        )


def test_a_warning_stored_with_an_exponent_is_shown_grouped():
    """Warnings stored before the number was grouped: 1.23457e+06 is written 1,234,570."""
    warning = "maximum density 1.23457e+06 t DM/ha/yr is implausibly high for residues; check the units"
    with translation.override("es"):
        assert translated(warning) == (
            "La densidad máxima de 1,234,570 t MS/ha/año es demasiado alta para residuos; revise las unidades"
        )


def test_requested_language_chooses_or_refuses_naming_the_parameter():
    with translation.override("es"):
        with requested_language({"lang": "en"}):
            assert translation.get_language() == "en"
        with requested_language({}):
            assert translation.get_language() == "es"
        with pytest.raises(InvalidInput) as raised:
            requested_language({"language": "fr"})
        assert raised.value.field == "language"
