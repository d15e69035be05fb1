"""Certificate numbers (R-Z7): ``NVVK-2026-0042``, drawn per year under a locked counter."""

from django.db import transaction

from ..models import Certificate, CertificateNumberCounter

NUMBER_PREFIX = "NVVK"


# --- Certificate numbers ------------------------------------------------------------------


def certificate_number_format(*, year: int, sequence: int) -> str:
    """``NVVK-2026-0042``: the year of ``valid_from`` and a sequence per year (R-Z7)."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"


def _highest_sequence_in_use(year: int) -> int:
    """The highest sequence already used for ``year`` (certificates imported or created
    before the counter existed)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    highest = 0
    for number in Certificate.objects.filter(number__startswith=prefix).values_list(
            "number", flat=True):
        suffix = number[len(prefix):]
        if suffix.isdigit():
            highest = max(highest, int(suffix))
    return highest


def certificate_number_next(*, year: int) -> str:
    """Draw the next certificate number of ``year``.

    Safe under concurrency: the year's counter row is locked (``SELECT … FOR UPDATE``) until
    the caller's transaction ends, so a second decision waits and draws the next number.
    When two transactions create the year's row at the same moment, ``get_or_create`` catches
    the unique violation of the loser and reads (and locks) the winner's row."""
    with transaction.atomic():
        counter, _created = CertificateNumberCounter.objects.select_for_update().get_or_create(
            year=year, defaults={"last_number": _highest_sequence_in_use(year)})
        sequence = counter.last_number + 1
        while Certificate.objects.filter(
                number=certificate_number_format(year=year, sequence=sequence)).exists():
            sequence += 1
        counter.last_number = sequence
        counter.save(update_fields=["last_number"])
        return certificate_number_format(year=year, sequence=sequence)
