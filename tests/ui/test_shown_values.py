"""The process panel shows money and shares the Vietnamese way, and leaves a year alone."""

from decimal import Decimal

from django.utils import translation

from portal.templatetags.names_tags import shown_value


def test_money_is_grouped_with_dots_a_share_has_a_decimal_comma_and_a_year_stays_a_year():
    with translation.override("vi"):
        assert shown_value(Decimal("178000000")) == "178.000.000"
        assert shown_value(Decimal("37.8")) == "37,8"
        assert shown_value(2026) == 2026
