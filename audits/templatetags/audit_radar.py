"""``{% audit_radar audit %}``: the Kwaliteitskader picture (R-U3) of one audit — the SVG radar
chart with its legend and a data table. Include it anywhere with
``{% include "audits/_radar.html" with audit=audit %}``."""

from django import template
from django.utils.safestring import mark_safe

from audits.radar import previous_label, radar_svg, series_definitions
from audits.selectors import radar_data

register = template.Library()


@register.inclusion_tag("audits/_radar_chart.html")
def audit_radar(audit):
    data = radar_data(audit)
    element_id = f"radar-{audit.pk}"
    return {
        "audit": audit,
        "data": data,
        "element_id": element_id,
        # Safe: built by ElementTree, which escapes every text and attribute.
        "svg": mark_safe(radar_svg(data=data, element_id=element_id)),
        "series": series_definitions(),
        "previous_label": previous_label(data.previous_audit) if data.previous_audit else "",
    }
