"""The Kwaliteitskader picture (R-U3): a radar chart of the seven performance areas, drawn as
plain server-side SVG (no JavaScript).

Each area is an axis (labelled with its title); the development levels A–D are rings, A the
innermost and D the outermost ("every level is good": the picture shows a profile, not a
score). Three series are drawn: the member's self-assessment (zelfscan), the auditor's
observation and the observation of the member's previous audit. A series with a level for every
area is a closed polygon; a series with missing levels is drawn as markers only on the axes
that have a level (a polygon through the known points would suggest a shape that was never
measured). Colour is never the only difference: each series has its own line style and marker
shape, and the legend names them.

The SVG is built with :mod:`xml.etree.ElementTree`, so every text (area titles come from the
reference data) is escaped and the result is well-formed XML.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _

from .models import Level
from .selectors import RadarData, radar_data

SVG_NS = "http://www.w3.org/2000/svg"
LEVELS = list(Level.values)  # A, B, C, D: ring 1 … 4

WIDTH = 640
HEIGHT = 560
CX = WIDTH / 2
CY = 250
RADIUS = 160
LABEL_GAP = 18
LEGEND_Y = 480


def series_definitions() -> list[dict]:
    """The three series in drawing order (the previous audit underneath), with their style."""
    return [
        {"key": "previous", "label": _("Waarneming vorige audit"), "css": "radar-previous",
         "stroke": "#6b7280", "fill": "none", "dash": "2 4", "marker": "diamond"},
        {"key": "self_assessment", "label": _("Zelfscan van het lid"), "css": "radar-self",
         "stroke": "#1d6fb8", "fill": "#1d6fb8", "dash": "8 5", "marker": "square"},
        {"key": "observation", "label": _("Waarneming auditor"), "css": "radar-observation",
         "stroke": "#b45309", "fill": "#b45309", "dash": "", "marker": "circle"},
    ]


def _angle(index: int, count: int) -> float:
    """The first axis points straight up; the others follow clockwise."""
    return -math.pi / 2 + 2 * math.pi * index / count


def _point(index: int, count: int, radius: float) -> tuple[float, float]:
    angle = _angle(index, count)
    return CX + radius * math.cos(angle), CY + radius * math.sin(angle)


def _level_radius(level: str) -> float:
    return RADIUS * (LEVELS.index(level) + 1) / len(LEVELS)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _wrap(text: str, width: int = 20) -> list[str]:
    """Break an area title into lines of about ``width`` characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                          for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _marker(parent, shape: str, x: float, y: float, color: str, title: str) -> None:
    size = 4.5
    if shape == "circle":
        element = _sub(parent, "circle", cx=_fmt(x), cy=_fmt(y), r=_fmt(size), fill=color)
    elif shape == "square":
        element = _sub(parent, "rect", x=_fmt(x - size), y=_fmt(y - size), width=_fmt(2 * size),
                       height=_fmt(2 * size), fill=color)
    else:
        d = size * 1.3
        points = f"{_fmt(x)},{_fmt(y - d)} {_fmt(x + d)},{_fmt(y)} {_fmt(x)},{_fmt(y + d)} " \
                 f"{_fmt(x - d)},{_fmt(y)}"
        element = _sub(parent, "polygon", points=points, fill=color)
    _sub(element, "title", title)


def previous_label(audit) -> str:
    """"audit 2023" (or the kind when the audit has no fieldwork date)."""
    if audit.fieldwork_starts_on:
        return _("audit %(year)s") % {"year": audit.fieldwork_starts_on.year}
    return str(audit.get_kind_display()).lower()


def _description(data: RadarData, series: list[dict]) -> str:
    parts = []
    for definition in series:
        levels = [f"{area.number} {getattr(area, definition['key']) or '–'}"
                  for area in data.areas]
        if data.has(definition["key"]):
            parts.append(f"{definition['label']}: {', '.join(levels)}.")
        else:
            parts.append(_("%(label)s: geen gegevens.") % {"label": definition["label"]})
    return " ".join(parts)


def radar_svg(audit=None, *, data: RadarData | None = None, element_id: str = "") -> str:
    """The radar chart of ``audit`` (or of precomputed ``data``) as an SVG string, accessible:
    ``role="img"`` with a ``<title>`` and a ``<desc>`` that lists every level."""
    if data is None:
        data = radar_data(audit)
    audit = data.audit
    element_id = element_id or f"radar-{audit.pk}"
    count = len(data.areas)
    series = series_definitions()

    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {WIDTH} {HEIGHT}", "class": "radar-chart",
        "role": "img", "aria-labelledby": f"{element_id}-title {element_id}-desc",
        "id": element_id,
    })
    _sub(svg, "title", _("Kwaliteitskader: ontwikkelniveaus per prestatiegebied – %(audit)s")
         % {"audit": audit}, id=f"{element_id}-title")
    _sub(svg, "desc", _description(data, series), id=f"{element_id}-desc")

    grid = _sub(svg, "g", class_="radar-grid", aria_hidden="true")
    for level in LEVELS:
        radius = _level_radius(level)
        if count >= 3:
            ring = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in
                            (_point(i, count, radius) for i in range(count)))
            _sub(grid, "polygon", points=ring, fill="none", stroke="#c9d2dc", stroke_width="1")
        _sub(grid, "text", level, x=_fmt(CX + 8), y=_fmt(CY - radius + 13), font_size="11",
             fill="#4b5563", class_="radar-level")

    axes = _sub(svg, "g", class_="radar-axes")
    for i, area in enumerate(data.areas):
        x, y = _point(i, count, RADIUS)
        _sub(axes, "line", x1=_fmt(CX), y1=_fmt(CY), x2=_fmt(x), y2=_fmt(y), stroke="#8795a5",
             stroke_width="1", class_="radar-axis")
        lx, ly = _point(i, count, RADIUS + LABEL_GAP)
        anchor = "middle" if abs(lx - CX) < 8 else ("start" if lx > CX else "end")
        lines = _wrap(f"{area.number}. {area.title}")
        if ly < CY - 8:  # labels above the centre grow upwards
            ly -= 14 * (len(lines) - 1)
        label = _sub(axes, "text", x=_fmt(lx), y=_fmt(ly + 4), text_anchor=anchor,
                     font_size="13", fill="#1f2933", class_="radar-label")
        for n, line in enumerate(lines):
            _sub(label, "tspan", line, x=_fmt(lx), dy="0" if n == 0 else "14")

    plotted = _sub(svg, "g", class_="radar-series")
    for definition in series:
        key = definition["key"]
        if not data.has(key):
            continue
        group = _sub(plotted, "g", class_=definition["css"])
        _sub(group, "title", definition["label"])
        points = [(i, getattr(area, key)) for i, area in enumerate(data.areas)
                  if getattr(area, key)]
        coords = [_point(i, count, _level_radius(level)) for i, level in points]
        if data.complete(key) and count >= 3:
            attrs = {"points": " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords),
                     "stroke": definition["stroke"], "stroke_width": "2.5",
                     "fill": definition["fill"], "fill_opacity": "0.12",
                     "class_": "radar-polygon"}
            if definition["fill"] == "none":
                attrs.pop("fill_opacity")
            if definition["dash"]:
                attrs["stroke_dasharray"] = definition["dash"]
            _sub(group, "polygon", **attrs)
        for (i, level), (x, y) in zip(points, coords, strict=True):
            _marker(group, definition["marker"], x, y, definition["stroke"],
                    f"{definition['label']} – {data.areas[i].title}: {level}")

    legend = _sub(svg, "g", class_="radar-legend")
    for n, definition in enumerate(series):
        y = LEGEND_Y + 24 * n
        x = 150
        line = {"x1": _fmt(x), "y1": _fmt(y), "x2": _fmt(x + 36), "y2": _fmt(y),
                "stroke": definition["stroke"], "stroke_width": "2.5"}
        if definition["dash"]:
            line["stroke_dasharray"] = definition["dash"]
        swatch = _sub(legend, "g", opacity="1" if data.has(definition["key"]) else "0.35")
        _sub(swatch, "line", **line)
        _marker(swatch, definition["marker"], x + 18, y, definition["stroke"],
                definition["label"])
        text = definition["label"]
        if definition["key"] == "previous" and data.previous_audit is not None:
            text = f"{text} ({previous_label(data.previous_audit)})"
        if not data.has(definition["key"]):
            text = _("%(label)s: geen gegevens") % {"label": text}
        elif not data.complete(definition["key"]):
            text = _("%(label)s (onvolledig)") % {"label": text}
        _sub(legend, "text", text, x=_fmt(x + 46), y=_fmt(y + 4), font_size="13",
             fill="#1f2933")

    return ET.tostring(svg, encoding="unicode")
