"""The Kwaliteitskader picture (issue #4, R-U3): an accessible server-side SVG radar of the 7
performance areas with the self-assessment, the observation and the previous audit's
observation."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.template import Context, Template
from django.urls import reverse

from audits.models import AreaAssessment, AuditState, PerformanceArea
from audits.radar import radar_svg
from audits.selectors import previous_observed_audit, radar_data
from tests.portals.auditor_helpers import audit_in

NS = {"svg": "http://www.w3.org/2000/svg"}


def _assess(audit, levels, *, field):
    for area, level in zip(PerformanceArea.objects.order_by("number"), levels, strict=False):
        assessment, _ = AreaAssessment.objects.get_or_create(audit=audit, area=area)
        setattr(assessment, field, level)
        assessment.save()


def _classes(root, css):
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def _audits(member, body):
    previous = audit_in(AuditState.DECIDED, member=member, body=body,
                        fieldwork_starts_on=dt.date(2023, 3, 1))
    current = audit_in(AuditState.FIELDWORK, member=member, body=body,
                       fieldwork_starts_on=dt.date(2026, 3, 2))
    return previous, current


def test_radar_is_well_formed_svg_with_seven_axes_and_three_polygons_r_u3(body_a, member_x):
    """R-U3: radar is well formed SVG with seven axes and three polygons."""
    previous, current = _audits(member_x, body_a)
    _assess(previous, "AABABAA", field="observation")
    _assess(current, "BBCABCB", field="self_assessment")
    _assess(current, "BACBBBB", field="observation")

    root = ET.fromstring(radar_svg(current))

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text.startswith("Kwaliteitskader")
    assert "Zelfscan van het lid: 1 B, 2 B, 3 C" in root.find("svg:desc", NS).text
    assert len(_classes(root, "radar-axis")) == 7
    labels = ["".join(t.itertext()) for t in _classes(root, "radar-label")]
    assert labels[0] == "1. Koers"
    assert "6. Samenwerking, uitbesteding & inkoop" in [" ".join(
        t.text for t in label.iter() if t.text) for label in _classes(root, "radar-label")]
    assert len(_classes(root, "radar-polygon")) == 3
    assert [g.get("class") for g in root.find("svg:g[@class='radar-series']", NS)] == [
        "radar-previous", "radar-self", "radar-observation"]
    assert len(_classes(root, "radar-level")) == 4  # rings A–D
    legend = "".join(root.find("svg:g[@class='radar-legend']", NS).itertext())
    assert "Waarneming vorige audit (audit 2023)" in legend


def test_radar_draws_incomplete_series_as_markers_only(body_a, member_x):
    """Missing levels: a series with gaps gets no polygon (no shape that was never measured),
    only markers on the areas with a level; a series without data is named in the legend."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a)
    _assess(audit, "AB", field="self_assessment")  # areas 1 and 2 only

    root = ET.fromstring(radar_svg(audit))

    assert _classes(root, "radar-polygon") == []
    self_group = _classes(root, "radar-self")[0]
    assert len(self_group.findall("svg:rect", NS)) == 2  # square markers
    assert _classes(root, "radar-observation") == []
    legend = "".join(root.find("svg:g[@class='radar-legend']", NS).itertext())
    assert "Zelfscan van het lid (onvolledig)" in legend
    assert "Waarneming auditor: geen gegevens" in legend
    assert "Waarneming vorige audit: geen gegevens" in legend


def test_radar_without_any_assessment_still_parses(body_a, member_x):
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    root = ET.fromstring(radar_svg(audit))
    assert len(_classes(root, "radar-axis")) == 7
    assert _classes(root, "radar-series")[0].findall("svg:g", NS) == []


def test_previous_is_the_most_recent_earlier_audit_with_observations(body_a, body_b,
                                                                     member_x):
    oldest = audit_in(AuditState.DECIDED, member=member_x, body=body_b,
                      fieldwork_starts_on=dt.date(2020, 3, 1))
    unobserved = audit_in(AuditState.DECIDED, member=member_x, body=body_a,
                          fieldwork_starts_on=dt.date(2023, 3, 1))
    current = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a,
                       fieldwork_starts_on=dt.date(2026, 3, 2))
    later = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a,
                     fieldwork_starts_on=dt.date(2029, 3, 1))
    _assess(oldest, "CCCCCCC", field="observation")
    _assess(unobserved, "AAAAAAA", field="self_assessment")
    _assess(later, "DDDDDDD", field="observation")

    assert previous_observed_audit(current) == oldest
    data = radar_data(current)
    assert [a.previous for a in data.areas] == list("CCCCCCC")
    assert previous_observed_audit(oldest) is None


def test_radar_data_takes_a_fixed_number_of_queries(django_assert_num_queries, body_a,
                                                    member_x):
    previous, current = _audits(member_x, body_a)
    _assess(previous, "AAAAAAA", field="observation")
    with django_assert_num_queries(4):
        radar_data(current)


def test_the_include_renders_the_chart_with_a_data_table(body_a, member_x):
    """Other portals include it as ``{% include "audits/_radar.html" with audit=audit %}``."""
    previous, current = _audits(member_x, body_a)
    _assess(current, "ABCDABC", field="observation")

    html = Template('{% include "audits/_radar.html" with audit=audit %}').render(
        Context({"audit": current}))

    assert f'id="radar-{current.pk}"' in html
    assert f'aria-labelledby="radar-{current.pk}-title radar-{current.pk}-desc"' in html
    assert html.count('<th scope="row">') == 7
    assert "Samenwerking, uitbesteding &amp; inkoop" in html


def test_the_audit_page_shows_the_radar(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    html = client.get(reverse("auditor:audit_detail", args=[audit.pk])).content.decode()
    assert 'class="radar-chart"' in html
    assert "Niveaus per prestatiegebied" in html
