"""Django's own form messages keep Django's Dutch wording (issue #9, "Django's own messages in
the active language"). Django REST framework (issue #12) ships its own Dutch for some of the
same English texts ("Dit veld is vereist." where Django says "Dit veld is verplicht."), and an
installed app's catalogue outranks Django's. The project's catalogue (``LOCALE_PATHS``) outranks
both: these msgids put Django's wording there (``locale/nl``), so a form reads the same whether
or not the API is installed."""

from django.utils.translation import gettext_noop

DJANGO_WORDING = (
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Value must be valid JSON."),
)
