"""The template filters: a difference is signed with a real minus sign; the numbers of one
table keep three significant figures, trailing zeros included."""

from django.utils import formats, translation

from biomass.web.templatetags.biomass_tags import difference, figures


def test_figures_keeps_three_significant_figures_with_their_zeros():
    with translation.override("en"):
        assert figures(1.0) == "1.00" and figures(3.1623) == "3.16" and figures(0.04567) == "0.0457"
        assert figures(219.4) == "219" and figures(12345.6) == "12,346" and figures(None) == "no data"
    with translation.override("es"):
        point = formats.get_format("DECIMAL_SEPARATOR")  # the page's language's separator
        assert figures(1.0) == f"1{point}00" and figures(3.1623) == f"3{point}16"


def test_a_difference_is_signed_with_a_real_minus_sign():
    with translation.override("en"):
        assert difference(-219.4) == "\u2212219" and difference(219.4) == "+219"
        assert difference(-0.5) == "\u22120.500" and "-" not in difference(-1234.5)
