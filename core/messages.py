"""Stored messages: texts kept in the database as a catalogue key with parameters and
rendered at read time in the reader's language (issue #9, "Dutch that reads as Dutch").

A decision's outcome, a flag's message and a history row's change reason used to be stored
as finished text in the language of whoever acted, so an English reader read Dutch (or the
other way round). A service now passes a :class:`StoredMessage` instead:

    stored("Schorsing opgeheven per %(on)s", on=today)
    stored_plural("Verlengd met %(n)d maand tot en met %(end)s",
                  "Verlengd met %(n)d maanden tot en met %(end)s", n=months, end=until)

The msgid is the Dutch source text; ``stored`` and ``stored_plural`` are gettext keywords of
``manage.py makemessages`` (``core/management/commands/makemessages.py``), so the catalogue
holds their translations like any other string. Each message is a whole sentence; never build
one from pieces.

Parameters must be JSON-serialisable and are kept by meaning, not by their rendering:

- a ``date`` is stored ISO and rendered "3 december 2026" / "3 December 2026";
- a choice (a ``TextChoices`` member, or :func:`choice`) is stored as its value and rendered
  through its label;
- a ``Decimal``/``float`` is rendered with the reader's decimal separator ("0,5");
- a nested :class:`StoredMessage` is rendered in turn;
- any other ``str`` (a name, a number, the reason a user typed) is shown as given.

:func:`render_stored` renders the JSON form; it falls back to the stored text for rows written
before the message was kept (old decision records, flags and history rows).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from .dates import date_label, number_label

#: History rows keep their change reason in a ``varchar(100)``; a stored message is kept there
#: as this prefix followed by its compact JSON (see :func:`reason_text`).
REASON_PREFIX = "§"

#: The source language of every msgid (the Dutch record kept beside the message).
SOURCE_LANGUAGE = "nl"

_DATE = "d"
_CHOICE = "c"
_MESSAGE = "m"
_DECIMAL = "x"


@dataclass(frozen=True)
class StoredMessage:
    """A catalogue key (Dutch msgid, optional plural and context) with its parameters."""

    msgid: str
    plural: str = ""
    n: int | None = None
    context: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def with_params(self, **params) -> StoredMessage:
        """The same message with ``params`` added (a template filled in per object)."""
        return StoredMessage(msgid=self.msgid, plural=self.plural, n=self.n,
                             context=self.context, params={**self.params, **params})

    # -- storing -------------------------------------------------------------------------
    def as_data(self) -> dict:
        """The JSON-serialisable form (short keys: history reasons have 100 characters)."""
        data: dict[str, Any] = {"m": self.msgid}
        if self.plural:
            data["p"] = self.plural
            data["n"] = self.n
        if self.context:
            data["c"] = self.context
        if self.params:
            data["a"] = {key: _encode(value) for key, value in self.params.items()}
        return data

    @classmethod
    def from_data(cls, data: dict) -> StoredMessage:
        return cls(msgid=data["m"], plural=data.get("p", ""), n=data.get("n"),
                   context=data.get("c", ""), params=dict(data.get("a") or {}))

    # -- reading -------------------------------------------------------------------------
    def render(self) -> str:
        """The text in the active language."""
        return _render_data(self.as_data())

    def render_source(self) -> str:
        """The text in the source language (Dutch), kept beside the message for the record."""
        with translation.override(SOURCE_LANGUAGE):
            return self.render()

    def __str__(self) -> str:
        return self.render()


def stored(msgid: str, /, **params) -> StoredMessage:
    """A message to store, rendered at read time (a gettext keyword of makemessages)."""
    return StoredMessage(msgid=msgid, params=params)


def stored_plural(singular: str, plural: str, /, *, n: int, **params) -> StoredMessage:
    """A message with a plural, chosen by ``n`` in the reader's language; ``n`` is also a
    parameter (``%(n)d``)."""
    return StoredMessage(msgid=singular, plural=plural, n=int(n), params={"n": int(n), **params})


def stored_pgettext(context: str, msgid: str, /, **params) -> StoredMessage:
    """A message with a translation context, for a short msgid that is ambiguous."""
    return StoredMessage(msgid=msgid, context=context, params=params)


@dataclass(frozen=True)
class Choice:
    """A choice value kept by value and shown through its label (see :func:`choice`)."""

    path: str
    value: str
    lower: bool = False


def choice(choices: type[models.Choices], value, *, lower: bool = False) -> Choice:
    """``value`` of ``choices`` as a parameter: stored as the value, rendered as the label in
    the reader's language (in lower case with ``lower``, inside a sentence). A
    ``TextChoices`` member may also be passed as a parameter as is."""
    return Choice(path=f"{choices.__module__}.{choices.__qualname__}", value=str(value),
                  lower=lower)


def stored_label(choices: type[models.Choices], value, *, lower: bool = False) -> StoredMessage:
    """A message that is just the label of a choice (e.g. an advice "Positief"), read in the
    reader's language."""
    return StoredMessage(msgid="%(label)s",
                         params={"label": choice(choices, value, lower=lower)})


def _encode(value):
    if isinstance(value, StoredMessage):
        return {_MESSAGE: value.as_data()}
    if isinstance(value, Choice):
        return {_CHOICE: [value.path, value.value, *(["l"] if value.lower else [])]}
    if isinstance(value, models.Choices):
        return _encode(choice(type(value), value.value))
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, dt.datetime):
        return {_DATE: value.date().isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, Decimal | float):
        return {_DECIMAL: str(value)}
    if isinstance(value, bool | int | dict) or value is None:
        return value  # a dict: a parameter read back from its stored (encoded) form
    return str(value)  # names, numbers as text, a user's own words; lazy strings resolved


def _decode(value):
    if not isinstance(value, dict):
        return "" if value is None else value
    if _DATE in value:
        return date_label(dt.date.fromisoformat(value[_DATE]))
    if _DECIMAL in value:
        return number_label(Decimal(value[_DECIMAL]))
    if _MESSAGE in value:
        return _render_data(value[_MESSAGE])
    if _CHOICE in value:
        path, raw, *flags = value[_CHOICE]
        try:
            label = str(import_string(path)(raw).label)
        except (ImportError, ValueError):
            return raw
        return label.lower() if "l" in flags else label
    return str(value)


def _render_data(data: dict) -> str:
    msgid, plural, context = data["m"], data.get("p"), data.get("c")
    if plural:
        n = int(data.get("n") or 0)
        text = npgettext(context, msgid, plural, n) if context else ngettext(msgid, plural, n)
    else:
        text = pgettext(context, msgid) if context else gettext(msgid)
    params = data.get("a")
    if params:
        try:
            text = text % {key: _decode(value) for key, value in params.items()}
        except (KeyError, TypeError, ValueError):
            # A translation that names a parameter the message does not carry: show the
            # source text with its parameters rather than fail the page.
            text = msgid % {key: _decode(value) for key, value in params.items()}
    return text


def as_message(value) -> StoredMessage | None:
    """``value`` (a StoredMessage, its JSON form or JSON text) as a message, else None."""
    if isinstance(value, StoredMessage):
        return value
    if isinstance(value, str) and value.startswith(REASON_PREFIX):
        try:
            value = json.loads(value[len(REASON_PREFIX):])
        except ValueError:
            return None
    if isinstance(value, dict) and "m" in value:
        return StoredMessage.from_data(value)
    return None


def render_stored(data, fallback: str = "") -> str:
    """The stored message ``data`` in the active language, or ``fallback`` (the text stored
    before messages were kept, or a plain text) when there is none."""
    message = as_message(data)
    if message is None:
        return fallback if fallback or not isinstance(data, str) else data
    try:
        return message.render()
    except (KeyError, TypeError, ValueError):
        return fallback or message.msgid


def source_text(value) -> str:
    """The Dutch text of ``value`` (a StoredMessage or a plain text) for the stored record."""
    message = as_message(value)
    return message.render_source() if message is not None else str(value)


# -- history change reasons (R-0.4) -------------------------------------------------------

def reason_text(value, max_length: int | None) -> str:
    """The change reason to store for ``value``: a plain text as is, a StoredMessage as
    ``§`` + compact JSON. When it does not fit the column, its longest free-text parameters
    are shortened (a cut JSON text could not be read back); if even that fails, the Dutch
    text is stored, cut."""
    message = as_message(value)
    if message is None:
        return _cut(str(value), max_length)
    data = message.as_data()
    text = _reason_json(data)
    while max_length and len(text) > max_length:
        if not _shorten_longest_param(data, len(text) - max_length):
            return _cut(message.render_source(), max_length)
        text = _reason_json(data)
    return text


def _reason_json(data: dict) -> str:
    return REASON_PREFIX + json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _shorten_longest_param(data: dict, excess: int) -> bool:
    params = data.get("a") or {}
    texts = [(len(value), key) for key, value in params.items()
             if isinstance(value, str) and len(value) > 1]
    if not texts:
        return False
    length, key = max(texts)
    params[key] = _cut(params[key], max(1, length - excess - 1))
    return True


ELLIPSIS = "…"


def _cut(text: str, max_length: int | None) -> str:
    if max_length and len(text) > max_length:
        return text[: max_length - len(ELLIPSIS)] + ELLIPSIS
    return text
