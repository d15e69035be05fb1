"""Access entries for the kernteam Kwaliteit (/kernteam/): the kernteam and the directeur.
The kernteam sees only the admission cases it advises on (SPEC §1): another member, or a
report that is not of such a case, is a 404 (R-A1)."""

from tests.access.entries_director import admission_case_of, foreign_report_of
from tests.access.matrix import Entry

QUALITY_TEAM = frozenset({"kim", "dirk"})

ENTRIES = {
    "quality_team:home": Entry(allowed=QUALITY_TEAM),
    "quality_team:recertifications": Entry(allowed=QUALITY_TEAM),
    "quality_team:case": Entry(
        allowed=QUALITY_TEAM, kwargs=lambda w: {"pk": admission_case_of(w)[0].pk},
        foreign={"kim": lambda w: {"pk": w.member_y.pk}}),
    "quality_team:report": Entry(
        allowed=QUALITY_TEAM, kwargs=lambda w: {"pk": admission_case_of(w)[1].pk},
        foreign={"kim": lambda w: {"pk": foreign_report_of(w).pk}}),
}
