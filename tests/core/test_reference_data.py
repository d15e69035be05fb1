"""Reference data against the seed texts (R-U3, R-M5, R-U2, R-M6).

Plain pytest, no database: every list in ``core.reference_data`` is re-derived here from the
seed files in ``/work/shared/seeds`` (skipped when that directory is absent) and compared.
The database-side tests (fixtures/migrations loading this data) complement these later.
"""

import os
import re
from pathlib import Path

import pytest

from core import reference_data as rd

# The seeds live beside the checkout (../shared/seeds); KEURMERK_SEEDS_DIR overrides.
SEEDS_DIR = next(
    (candidate for candidate in (
        Path(os.environ["KEURMERK_SEEDS_DIR"]) if os.environ.get("KEURMERK_SEEDS_DIR") else None,
        Path(__file__).resolve().parents[3] / "shared" / "seeds",
        Path("/work/shared/seeds"),
    ) if candidate is not None and candidate.is_dir()),
    Path(__file__).resolve().parents[3] / "shared" / "seeds",
)
GUIDELINE = "000_a8b5cf648f3bf246.txt"
FRAMEWORK = "001_511ae681eb9b2e62.txt"

BULLET = "•"
GLYPH = "\ufffd"

# How 001 spells the area names in its page headings (compared case-insensitively).
FRAMEWORK_AREA_HEADINGS = {
    "koers": 1,
    "leiderschap": 2,
    "organisatie": 3,
    "financiele hulpverlening": 4,
    "professionals": 5,
    "externe samenwerking, uitbesteding en inkoop": 6,
    "reflecteren, verbeteren en verantwoorden": 7,
}

NORM_LINE = re.compile(r"^(\d)\.(\d+) (.+)$")
LEVEL_HEADING = re.compile(r"^([A-D])\. ?(.+)$")


def norm_ws(text: str) -> str:
    """Collapse all whitespace to single spaces and strip."""
    return " ".join(text.split())


def clean_pdf(text: str) -> str:
    """Seed text without bullets/glyphs, errata applied, whitespace collapsed."""
    text = text.replace(GLYPH, " ").replace(BULLET, " ")
    text = norm_ws(text)
    for wrong, right in rd.SEED_ERRATA.items():
        text = text.replace(wrong, right)
    return text


def unbullet(description: str) -> list[str]:
    """The bullet lines of a level description without their "• " marker."""
    return [line.removeprefix(f"{BULLET} ") for line in description.split("\n")]


# --------------------------------------------------------------------------- seed access


@pytest.fixture(scope="module")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed directory {SEEDS_DIR} not available")
    return SEEDS_DIR


@pytest.fixture(scope="module")
def guideline(seeds_dir: Path) -> str:
    return (seeds_dir / GUIDELINE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def framework(seeds_dir: Path) -> str:
    return (seeds_dir / FRAMEWORK).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def framework_parsed(framework: str) -> dict:
    """Parse 001 into norms, level headings and level text blocks.

    A line that equals an area heading sets the area; "Kwaliteitsnorm" starts a norm page;
    "A. …" to "D. …" start a level page whose non-empty lines (bullets and their wrapped
    continuations) form that (area, level) block. Repeated page headings (e.g. the
    "Externe samenwerking …" footer inside 6B) only reset the area, so they are not text.
    """
    area = None
    level = None
    norms: list[tuple[str, str, int]] = []
    headings: dict[tuple[int, str], str] = {}
    blocks: dict[tuple[int, str], list[str]] = {}
    for raw in framework.splitlines():
        line = norm_ws(raw)
        if line.lower() in FRAMEWORK_AREA_HEADINGS:
            area = FRAMEWORK_AREA_HEADINGS[line.lower()]
            continue
        if line == "Kwaliteitsnorm":
            level = None
            continue
        if m := NORM_LINE.match(line):
            norms.append((f"{m[1]}.{m[2]}", m[3], area))
            continue
        if m := LEVEL_HEADING.match(line):
            level = m[1]
            headings[(area, level)] = m[2]
            continue
        if level is not None and line:
            blocks.setdefault((area, level), []).append(raw)
    return {"norms": norms, "headings": headings, "blocks": blocks}


def appendix(guideline: str, number: int) -> list[list[str]]:
    """The "- " items of appendix ``number`` of 000, grouped by the prose lines between them."""
    lines = guideline.splitlines()
    start = lines.index("Bijlagen")
    groups: list[list[str]] = []
    inside = False
    prose_since_last_item = True
    for line in lines[start + 1 :]:
        if m := re.match(r"^(\d+)\. \S", line):
            inside = int(m[1]) == number
            prose_since_last_item = True
            continue
        if not inside or not line.strip():
            continue
        if line.startswith("- "):
            if prose_since_last_item:
                groups.append([])
                prose_since_last_item = False
            groups[-1].append(line[2:].strip())
        else:
            prose_since_last_item = True
    return groups


def section(guideline: str, heading: str, next_heading: str) -> str:
    """The text of a section of 000, between its heading line and the next heading line.

    Headings are named explicitly: numbered list items inside a section look the same.
    """
    pattern = rf"^{re.escape(heading)}$(.*?)^{re.escape(next_heading)}$"
    match = re.search(pattern, guideline, re.M | re.S)
    assert match, heading
    return match[1]


def introduction(guideline: str) -> str:
    return section(guideline, "1. Inleiding", "2. Gevolgen van het niet hebben van een certificaat")


def matches_seed_item(title: str, seed_item: str) -> bool:
    """Titles drop the seed's final full stop; otherwise verbatim."""
    return seed_item in (title, f"{title}.")


# --------------------------------------------------------------------------- counts


def test_counts():
    """R-U3, R-M5, R-U2, R-M6: 7 areas, 50 norms, 4 levels, 28 level texts, 22 scope items."""
    assert len(rd.PERFORMANCE_AREAS) == 7
    assert len(rd.NORMS) == 50
    assert len(rd.DEVELOPMENT_LEVELS) == 4
    assert len(rd.LEVEL_DESCRIPTIONS) == 28
    assert len(rd.SCOPE_ITEMS) == 22
    assert len(rd.DOCUMENT_CHECKLIST) == 27
    assert len(rd.INTERVIEWEE_FUNCTIONS) == 13
    assert len(rd.CORE_DATA_FIELDS) == 10


@pytest.mark.parametrize(
    "items",
    [
        rd.PERFORMANCE_AREAS,
        rd.SCOPE_ITEMS,
        rd.INTERVIEWEE_FUNCTIONS,
        [(n, t) for n, _g, t in rd.DOCUMENT_CHECKLIST],
    ],
    ids=["areas", "scope", "interviewees", "documents"],
)
def test_numbered_lists_are_consecutive_and_clean(items):
    """R-U3, R-M5, R-U2: numbers 1..n in order, titles unique and whitespace-normalised."""
    assert [n for n, _ in items] == list(range(1, len(items) + 1))
    titles = [t for _, t in items]
    assert len(set(titles)) == len(titles)
    assert all(t == norm_ws(t) and t for t in titles)


# --------------------------------------------------------------------------- R-U3


def test_norm_codes_complete_and_consecutive_per_area():
    """R-U3: norm codes are 1.1–1.6, 2.1–2.5, 3.1–3.6, 4.1–4.11, 5.1–5.11, 6.1–6.5, 7.1–7.6."""
    expected_sizes = {1: 6, 2: 5, 3: 6, 4: 11, 5: 11, 6: 5, 7: 6}
    area_numbers = [n for n, _ in rd.PERFORMANCE_AREAS]
    expected = [f"{a}.{i}" for a in area_numbers for i in range(1, expected_sizes[a] + 1)]
    assert [code for code, _ in rd.NORMS] == expected
    for code, title in rd.NORMS:
        assert int(code.split(".")[0]) in area_numbers
        assert title == norm_ws(title)


def test_norms_appear_in_framework_seed(framework: str):
    """R-U3: each "code title" occurs in 001 (whitespace-normalised on both sides)."""
    seed = f" {norm_ws(framework)} "
    for code, title in rd.NORMS:
        # Surrounding spaces: a truncated title ("Passende leiderschap") must not pass.
        assert f" {code} {norm_ws(title)} " in seed, code


def test_norms_equal_framework_norm_pages(framework_parsed: dict):
    """R-U3: the norms equal those parsed from 001, each under its own area's norm page."""
    parsed = framework_parsed["norms"]
    assert sorted((c, t) for c, t, _ in parsed) == sorted(rd.NORMS)
    for code, _title, area in parsed:
        assert int(code.split(".")[0]) == area, code


def test_performance_areas_match_guideline(guideline: str):
    """R-U3: the seven area names are the guideline's list in §1 (000)."""
    listed = re.findall(r"^(\d)\. (.+?)[;.]$", introduction(guideline), re.M)
    assert [(int(n), t) for n, t in listed] == rd.PERFORMANCE_AREAS


def test_development_levels_match_guideline_and_framework(guideline: str, framework_parsed):
    """R-U3: level names are 000 §1's list; 001's headings use them (D abbreviated)."""
    listed = re.findall(r"^- ([A-D])\. (.+?)[;.]$", introduction(guideline), re.M)
    assert listed == rd.DEVELOPMENT_LEVELS
    names = dict(rd.DEVELOPMENT_LEVELS)
    headings = framework_parsed["headings"]
    assert len(headings) == 28
    for (_area, level), heading in headings.items():
        # 001 duplicates each heading: "A. Beheerste processenA. Beheerste processen".
        short = heading.split(f"{level}.")[0].strip()
        assert names[level] == short or names[level].startswith(f"{short} "), heading


def test_level_descriptions_cover_every_area_and_level():
    """R-U3: one description per (area, level): 7 areas × A–D."""
    keys = [(a, lvl) for a, lvl, _ in rd.LEVEL_DESCRIPTIONS]
    area_numbers = [n for n, _ in rd.PERFORMANCE_AREAS]
    level_codes = [c for c, _ in rd.DEVELOPMENT_LEVELS]
    assert keys == [(a, lvl) for a in area_numbers for lvl in level_codes]


def test_level_descriptions_are_clean():
    """R-U3: bullets on their own line, no glyphs, no duplicated heading, no stray whitespace."""
    for area, level, text in rd.LEVEL_DESCRIPTIONS:
        assert GLYPH not in text, (area, level)
        assert "\t" not in text and "  " not in text, (area, level)
        for line in text.split("\n"):
            assert line.startswith(f"{BULLET} "), (area, level, line)
            body = line.removeprefix(f"{BULLET} ")
            assert body == norm_ws(body) and body, (area, level, line)
            assert BULLET not in body, (area, level, line)
        for _code, name in rd.DEVELOPMENT_LEVELS:
            assert not text.startswith(name), (area, level)
        for wrong in rd.SEED_ERRATA:
            assert wrong not in text, (area, level)


def test_level_description_bullets_appear_in_framework_seed(framework: str):
    """R-U3: each bullet's text (minus bullet/glyphs) is a substring of the cleaned 001."""
    seed = clean_pdf(framework)
    for area, level, text in rd.LEVEL_DESCRIPTIONS:
        for body in unbullet(text):
            assert body in seed, (area, level, body)


def test_level_descriptions_equal_framework_blocks(framework_parsed: dict):
    """R-U3: each description is, word for word and in order, its (area, level) block of 001."""
    blocks = framework_parsed["blocks"]
    assert len(blocks) == 28
    for area, level, text in rd.LEVEL_DESCRIPTIONS:
        seed_block = clean_pdf("\n".join(blocks[(area, level)]))
        assert " ".join(unbullet(text)) == seed_block, (area, level)
        bullets_in_seed = sum(raw.lstrip().startswith(BULLET) for raw in blocks[(area, level)])
        assert len(unbullet(text)) == bullets_in_seed, (area, level)


def test_seed_errata_are_real(framework: str):
    """R-U3: every erratum corrects text that really is in 001 (nothing silently rewritten)."""
    seed = norm_ws(framework.replace(GLYPH, " "))
    for wrong, right in rd.SEED_ERRATA.items():
        assert wrong in seed
        assert wrong != right


# --------------------------------------------------------------------------- R-M5


def test_scope_items_equal_appendix_1(guideline: str):
    """R-M5: the 22 forms of financial assistance are appendix 1 of 000, in order."""
    groups = appendix(guideline, 1)
    assert len(groups) == 1
    assert [t for _, t in rd.SCOPE_ITEMS] == groups[0]
    assert rd.SCOPE_ITEMS[0][1] == "Preventie"
    assert rd.SCOPE_ITEMS[-1][1] == "Sociale kredietverlening"


# --------------------------------------------------------------------------- R-U2


def test_document_checklist_equals_appendix_3(guideline: str):
    """R-U2: the document checklist is appendix 3 of 000, per group, in order."""
    groups = appendix(guideline, 3)
    group_keys = [key for key, _ in rd.DOCUMENT_CHECKLIST_GROUPS]
    assert len(groups) == len(group_keys) == 2
    for key, seed_items in zip(group_keys, groups, strict=True):
        titles = [t for _, g, t in rd.DOCUMENT_CHECKLIST if g == key]
        assert len(titles) == len(seed_items), key
        for title, seed_item in zip(titles, seed_items, strict=True):
            assert matches_seed_item(title, seed_item), (title, seed_item)
    assert {g for _, g, _ in rd.DOCUMENT_CHECKLIST} <= set(group_keys)


def test_interviewee_functions_equal_appendix_4(guideline: str):
    """R-U2: the interviewee functions are appendix 4 of 000, in order."""
    groups = appendix(guideline, 4)
    assert len(groups) == 1
    assert len(rd.INTERVIEWEE_FUNCTIONS) == len(groups[0])
    for (_, title), seed_item in zip(rd.INTERVIEWEE_FUNCTIONS, groups[0], strict=True):
        assert matches_seed_item(title, seed_item), (title, seed_item)


def test_audit_execution_fields_equal_appendix_2_second_list(guideline: str):
    """R-U2: the audit execution data are appendix 2's "Kerngegevens uitvoering onderzoek"."""
    groups = appendix(guideline, 2)
    assert len(groups) == 2
    assert [label for _, label in rd.AUDIT_EXECUTION_FIELDS] == groups[1]


# --------------------------------------------------------------------------- R-M6


def _keys_are_snake_case(fields: list[tuple[str, str]]) -> None:
    keys = [k for k, _ in fields]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key), key


def test_core_data_fields_equal_appendix_2(guideline: str):
    """R-M6: core data fields are appendix 2's "Kerngegevens auditverslag", labels verbatim."""
    groups = appendix(guideline, 2)
    assert [label for _, label in rd.CORE_DATA_FIELDS] == groups[0]
    all_fields = rd.CORE_DATA_FIELDS + rd.CORE_DATA_SIZE_FIELDS + rd.AUDIT_EXECUTION_FIELDS
    _keys_are_snake_case(all_fields)


def test_core_data_size_fields_come_from_section_7(guideline: str):
    """R-M6, R-U6: the audit-size kerngegevens paraphrase §7 "Omvang audit" of 000."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[\w-]+", text.lower()))

    seed_words = words(section(guideline, "7. Omvang audit", "8. Uitstel voor de audit"))
    for key, label in rd.CORE_DATA_SIZE_FIELDS:
        assert words(label) <= seed_words, (key, words(label) - seed_words)
