"""``{% rule_text "R-Z1" %}``: the rule a decision page rests on, quoted briefly from SPEC.md
(in Dutch, the users' language), with its id (R-0.5: a decision explains its basis)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

RULE_TEXTS = {
    "R-0.3": _("Elk besluit wordt vastgelegd met wie besloot (en in welke rol), wanneer, de "
               "grondslag, de schriftelijke motivering en de stukken waarop het rust. Een "
               "besluit wordt nooit gewijzigd; een correctie is een nieuw besluit."),
    "R-M1": _("Toelating gaat in vier stappen: aanmelding, audit, akkoord en afronding. Bij het "
              "akkoord adviseert het kernteam Kwaliteit, besluit de directeur (namens het "
              "Bestuur) en wordt het Bestuur geïnformeerd over nieuwe leden."),
    "R-M2": _("Alleen de directeur maakt van een aanvrager een lid, pauzeert, schorst of "
              "ontzet. Een aanvrager kan in elke stap van de toelating worden afgewezen."),
    "R-M3": _("Een lid moet altijd een geldig certificaat hebben. Heeft het dat niet, dan neemt "
              "het bureau contact op en krijgt de directeur de keuze: pauzeren of schorsen."),
    "R-M4": _("De directeur kan een lidmaatschap tijdelijk pauzeren, zodat de organisatie "
              "alsnog certificering kan behalen. Een gepauzeerde organisatie mag zich niet als "
              "NVVK-lid presenteren."),
    "R-Z1": _("De directeur besluit over (her)certificering en volgt daarbij in hoofdzaak het "
              "advies van de auditor. Afwijken van het advies vraagt een schriftelijke "
              "motivering. Alleen bij een positief besluit wordt een certificaat afgegeven."),
    "R-Z2": _("Een certificaat is drie jaar geldig. Na een gecombineerde NVVK/SWN-audit kan de "
              "directeur vier jaar toekennen; het lid stuurt dan na twee jaar het "
              "SWN-auditrapport naar het verenigingsbureau."),
    "R-Z3": _("Certificaten sluiten op elkaar aan: een vervolgcertificaat gaat in op de dag na "
              "het einde van het vorige. Een audit van meer dan drie maanden vóór die "
              "ingangsdatum kan niet de basis zijn."),
    "R-Z4": _("Uitstel alleen om een gegronde reden, schriftelijk aangevraagd vóórdat het "
              "certificaat verloopt. Tot drie maanden beslist het verenigingsbureau; meer dan "
              "drie en ten hoogste zes maanden de directeur, en het Bestuur wordt geïnformeerd. "
              "Uitstel verlengt het certificaat nooit."),
    "R-Z5": _("De directeur kan een certificaat intrekken, bijvoorbeeld bij (dreigend) "
              "faillissement, fusie, ingrijpende organisatiewijziging, ernstige klachten of "
              "beëindiging of schorsing van het lidmaatschap. Reden en motivering worden "
              "vastgelegd; het ledenregister toont de intrekking dezelfde dag."),
    "R-S1": _("Voordat de directeur over een schorsing besluit, krijgt het lid na een "
              "behoorlijke oproep de gelegenheid gehoord te worden (datum en wijze van oproepen, "
              "datum hoorzitting, wat het lid naar voren bracht). Geen schorsing zonder "
              "vastgelegde oproep."),
    "R-S2": _("Een schorsing duurt ten hoogste drie maanden en kan éénmaal worden verlengd met "
              "dezelfde periode; in totaal dus ten hoogste zes maanden."),
    "R-S3": _("Het geschorste lid kan gemotiveerd beroep instellen bij het Bestuur, en moet dat "
              "aankondigen binnen één maand na de dag waarop het besluit is bekendgemaakt. Later "
              "beroep wordt geweigerd."),
    "R-S4": _("Het Bestuur beslist binnen drie maanden na ontvangst van de aankondiging van het "
              "beroep."),
    "R-S5": _("Loopt er geen beroep, dan besluit de directeur aan het einde van de schorsing (of "
              "eerder, als een CI advies heeft gegeven): (a) verlengen met dezelfde periode "
              "(alleen als niet eerder verlengd), (b) omzetten in ontzetting of (c) de schorsing "
              "opheffen. Ook tegen dit besluit staat beroep open."),
    "R-S6": _("Tijdens de schorsing verliest het lid zijn lidmaatschapsrechten maar houdt het "
              "zijn verplichtingen. Het lid start zelf een heraudit; een positieve uitkomst leidt "
              "tot opheffing van de schorsing."),
    "R-S7": _("De schorsing wordt bekendgemaakt aan de NVVK-leden en de convenantpartners. De "
              "directeur en/of het Bestuur beslissen of en hoe zij buiten de vereniging wordt "
              "bekendgemaakt; het openbare ledenregister volgt die keuze."),
    "R-F6": _("Per audit ten hoogste vijf kanttekeningen en afwijkingen samen, waarvan ten "
              "hoogste drie afwijkingen, en geen tekortkoming. Daarboven besluit de CI over het "
              "vervolg."),
    "R-F7": _("Het advies van de CI is positief, positief onder voorwaarden of negatief. Geen "
              "positief advies zolang een tekortkoming openstaat of een afwijking geen "
              "goedgekeurd plan van aanpak heeft."),
}


@register.simple_tag
def rule_text(rule_id: str):
    """The rule ``rule_id`` as a short quote with its id; unknown ids show only the id."""
    text = RULE_TEXTS.get(rule_id)
    if text is None:
        return format_html('<span class="rule">{}</span>', rule_id)
    return format_html(
        '<figure class="rule-text"><blockquote><p>{}</p></blockquote>'
        '<figcaption><span class="rule">{}</span> {}</figcaption></figure>',
        text, rule_id, _("Certificeringsrichtlijn NVVK Kwaliteitskader"))
