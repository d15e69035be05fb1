"""``manage.py makemessages`` that also extracts stored messages (issue #9): the msgids
passed to :func:`core.messages.stored`, :func:`~core.messages.stored_plural` and
:func:`~core.messages.stored_pgettext` are translated at read time, so the catalogue must hold
them like any other string."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=stored:1",
        "--keyword=stored_plural:1,2",
        "--keyword=stored_pgettext:1c,2",
    ]
