"""Reading one cell of an import row: each function returns the value or raises
:class:`CellError` with the Dutch reason."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _


class CellError(Exception):
    pass


DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}


def text(value, max_length: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > max_length:
        raise CellError(_("Te lang: ten hoogste %(n)s tekens.") % {"n": max_length})
    return result


def date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    match = DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = YMD.match(raw)
        if not match:
            raise CellError(_("‘%(value)s’ is geen datum (dd-mm-jjjj).") % {"value": raw})
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("‘%(value)s’ is geen bestaande datum.") % {"value": raw}) from None


def boolean(value, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raw = str(value).strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError(_("‘%(value)s’ is geen ja of nee.") % {"value": value})


def email(value) -> str:
    raw = text(value, 254)
    try:
        validate_email(raw)
    except ValidationError:
        raise CellError(_("‘%(value)s’ is geen geldig e-mailadres.") % {"value": raw}) from None
    return raw.lower()


_url = URLValidator(schemes=["http", "https"])


def url(value) -> str:
    raw = text(value, 200)
    if not raw:
        return ""
    if "://" not in raw:
        raw = "https://" + raw
    if len(raw) > 200:
        raise CellError(_("Te lang: ten hoogste %(n)s tekens.") % {"n": 200})
    try:
        _url(raw)
    except ValidationError:
        raise CellError(_("‘%(value)s’ is geen geldig webadres.") % {"value": value}) from None
    return raw


def numbers(value) -> list[int]:
    """A list of whole numbers (``1, 4, 12``; also ``;`` or spaces)."""
    if value is None:
        return []
    if isinstance(value, (int, float)):
        return [int(value)]
    result = []
    for part in re.split(r"[,;\s]+", str(value).strip()):
        if not part:
            continue
        if not part.isdigit():
            raise CellError(_("‘%(value)s’ is geen nummer uit bijlage 1.") % {"value": part})
        result.append(int(part))
    return result


def choice(value, choices, allowed=None):
    """A choice by its value or its (Dutch or English) label."""
    from .schema import normalise

    wanted = normalise(value)
    for member in choices:
        if wanted in {normalise(member.value), normalise(member.label)}:
            if allowed is not None and member not in allowed:
                raise CellError(_("‘%(value)s’ kan niet worden geïmporteerd; toegestaan: "
                                  "%(allowed)s.") % {
                    "value": value, "allowed": ", ".join(str(a.label) for a in allowed)})
            return member
    options = allowed if allowed is not None else list(choices)
    raise CellError(_("‘%(value)s’ is onbekend; toegestaan: %(allowed)s.") % {
        "value": value, "allowed": ", ".join(str(a.label) for a in options)})
