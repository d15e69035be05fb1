"""Complaint references K-<year>-<nnnn> (R-K1), drawn from the year's locked counter row (issue
#13): distinct under bursts, like certificate numbers."""

from django.db import transaction

from .models import Complaint, ComplaintReferenceCounter


def _reference(year: int, sequence: int) -> str:
    return f"K-{year}-{sequence:04d}"


def _highest_reference_in_use(year: int) -> int:
    prefix = f"K-{year}-"
    return max((int(suffix) for suffix in (
        ref[len(prefix):] for ref in Complaint.objects.filter(reference__startswith=prefix)
        .values_list("reference", flat=True)) if suffix.isdigit()), default=0)


def complaint_reference_next(year: int) -> str:
    """Draw the next reference of ``year`` (R-K1) from the year's locked counter row (issue
    #13): a simultaneous registration waits for this transaction and draws the next one. The
    counter starts at the highest reference in use; one given outside it is skipped."""
    with transaction.atomic():
        counter, _created = ComplaintReferenceCounter.objects.select_for_update().get_or_create(
            year=year, defaults={"last_number": _highest_reference_in_use(year)})
        sequence = counter.last_number + 1
        while Complaint.objects.filter(reference=_reference(year, sequence)).exists():
            sequence += 1
        counter.last_number = sequence
        counter.save(update_fields=["last_number"])
        return _reference(year, sequence)
