"""Private helpers the certificate services share: how a date reads in a message."""

import datetime as dt

from django.utils.formats import date_format


def _day(value: dt.date) -> str:
    """A date as users read it (``31 mei 2029``)."""
    return date_format(value, "j F Y")
