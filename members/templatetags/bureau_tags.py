"""Template helpers of the bureau portal.

``{% bureau_rule "R-K2" %}`` quotes the rule a page rests on (R-0.5), like ``{% rule_text %}``
of :mod:`core.templatetags.rule_texts`, with the bureau's own rules added (complaints, bodies,
interim audits, reporting). Texts are Dutch paraphrases of SPEC.md.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.templatetags.rule_texts import RULE_TEXTS, rule_text

register = template.Library()

BUREAU_RULE_TEXTS = {
    "R-A2": _("Persoonsgegevens (namen, e-mail, telefoon van contactpersonen, verklaringen van "
              "auditors) staan nooit op openbare pagina's, in openbare exports of de openbare "
              "API."),
    "R-M5": _("De scope van een lid is een deelverzameling van de 22 vormen van financiële "
              "dienstverlening van bijlage 1. Uitbreiding van de scope is aanleiding voor een "
              "tussentijdse audit (R-T2)."),
    "R-M6": _("De kerngegevens van bijlage 2 worden per lid bijgehouden en per audit "
              "vastgelegd."),
    "R-C1": _("Een audit kan alleen worden toegewezen aan een CI die door de NVVK is erkend en "
              "gecontracteerd (contract met begin- en einddatum). Accreditatie door de Raad voor "
              "Accreditatie wordt vastgelegd (gewenst, niet verplicht). De jaarlijkse evaluatie "
              "met elke CI wordt vastgelegd."),
    "R-C3": _("Een auditor mag niet worden ingezet bij een lid waarvoor hij in de drie jaar vóór "
              "de auditdatum (advies)werk deed, of waarin hij een belang heeft. Elke auditor "
              "heeft vóór inzet een getekende geheimhoudingsverklaring."),
    "R-T1": _("De NVVK kan een lid een tussentijdse audit opleggen; het lid draagt de kosten."),
    "R-T2": _("Aanleidingen: ernstige en openbare klachten (de zwaarte beoordeelt de NVVK), "
              "organisatiewijzigingen (fusie, overname, reorganisatie) en uitbreiding van de "
              "dienstverlening. De aanleiding en de bron (bijvoorbeeld de klacht) worden aan de "
              "audit gekoppeld."),
    "R-K1": _("Klachten worden geregistreerd met klager, onderwerp (een CI of een lid), kanaal "
              "en inhoud; de persoonsgegevens van de klager zijn beschermd."),
    "R-K2": _("Ontvangstbevestiging binnen 24 uur (schriftelijke klachten), een inhoudelijke "
              "reactie binnen 5 werkdagen en afhandeling beoogd binnen 34 werkdagen; duurt het "
              "langer, dan hoort de klager dat."),
    "R-K3": _("De klager kan bezwaar maken tegen de uitkomst; het bezwaar wordt vastgelegd en "
              "behandeld."),
    "R-K4": _("Klachten worden periodiek geanalyseerd (aantallen per onderwerp, per CI, "
              "doorlooptijden) voor de jaarlijkse evaluatie met de CI's en als aanleiding voor "
              "tussentijdse audits."),
    "R-N1": _("Het verenigingsbureau ziet in één oogopslag: aanmeldingen die wachten op "
              "controle, certificaten die binnenkort verlopen zonder geplande audit, openstaande "
              "termijnen naar urgentie en leden zonder geldig certificaat."),
    "R-N3": _("De kwaliteit van audits wordt bewaakt: de evaluatie van elke audit door het lid "
              "wordt vastgelegd, en per CI ziet het bureau het aantal audits, bevindingen naar "
              "soort en norm, doorlooptijden en klachten."),
    "R-N4": _("Voorstellen tot wijziging van de normen worden verzameld en gevolgd."),
}


@register.simple_tag
def bureau_rule(rule_id: str):
    """The rule ``rule_id`` as a short quote with its id (R-0.5)."""
    if rule_id in RULE_TEXTS or rule_id not in BUREAU_RULE_TEXTS:
        return rule_text(rule_id)
    return format_html(
        '<figure class="rule-text"><blockquote><p>{}</p></blockquote>'
        '<figcaption><span class="rule">{}</span> {}</figcaption></figure>',
        BUREAU_RULE_TEXTS[rule_id], rule_id, _("Certificeringsrichtlijn NVVK Kwaliteitskader"))


@register.filter
def get_item(mapping, key):
    """``{{ counts|get_item:key }}``: a dict value in a template (0 when missing)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0
