"""What an import check found: every error with sheet, row, column and Dutch reason, what each
row creates or changes, the counts per sheet; and the column mapping per sheet."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from . import schema
from .reader import SheetSource

#: The rows the preview lists one by one (the counts cover every row).
PREVIEW_ROWS = 500
CREATE, CHANGE, SAME = "create", "change", "same"


class ImportAborted(Exception):
    """Raised inside the writing transaction when a row fails: everything rolls back."""


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    sheet: str
    row: int
    key: str
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class Report:
    file_name: str
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    missing_columns: dict = field(default_factory=dict)  # sheet key -> [column keys]
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing_columns

    @property
    def total_rows(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def as_data(self) -> dict:
        """A plain dict (for the job's cache entry), read back by :meth:`from_data`."""
        return {"file_name": self.file_name, "errors": [asdict(e) for e in self.errors],
                "rows": [asdict(r) for r in self.rows],
                "counts": {k: dict(v) for k, v in self.counts.items()},
                "missing_columns": self.missing_columns, "written": self.written}

    @classmethod
    def from_data(cls, data: dict) -> "Report":
        report = cls(file_name=data["file_name"], errors=[RowError(**e) for e in data["errors"]],
                     rows=[RowPlan(**r) for r in data["rows"]],
                     missing_columns=data["missing_columns"], written=data["written"])
        for key, counts in data["counts"].items():
            report.counts[key].update(counts)
        return report

    def count_table(self):
        return [(schema.SHEETS_BY_KEY[key].label, counts.get(CREATE, 0), counts.get(CHANGE, 0),
                 counts.get(SAME, 0)) for key, counts in self.counts.items()]


def resolve_mapping(sources: list[SheetSource], mapping: dict | None) -> dict:
    """The column mapping per sheet: what the caller chose, completed by the automatic one."""
    result = {}
    for source in sources:
        chosen = dict(schema.auto_mapping(source.sheet, source.headers))
        for key, header in ((mapping or {}).get(source.sheet.key) or {}).items():
            if header:
                chosen[key] = header
            else:
                chosen.pop(key, None)
        result[source.sheet.key] = chosen
    return result


def missing_columns(sources, mapping) -> dict:
    return {source.sheet.key: [c.key for c in source.sheet.columns
                               if c.required and c.key not in mapping.get(source.sheet.key, {})]
            for source in sources
            if any(c.required and c.key not in mapping.get(source.sheet.key, {})
                   for c in source.sheet.columns)}


