"""Reference data of the NVVK quality framework and certification guideline.

Pure Python, no Django imports: this module is the single source for the data that
migrations/fixtures load into the database later. Tests in
``tests/core/test_reference_data.py`` re-derive every list from the seed texts in
``/work/shared/seeds`` and compare.

Sources
-------
``000`` = ``seeds/000_a8b5cf648f3bf246.txt`` (*Certificeringsrichtlijn NVVK Kwaliteitskader* 2.0,
the guideline; it wins over every other text). ``001`` = ``seeds/001_511ae681eb9b2e62.txt``
(*Kwaliteitskader*, PDF text).

- ``PERFORMANCE_AREAS`` (R-U3): the seven prestatiegebieden as listed in 000 §1 ("De normen
  zijn verdeeld in zeven prestatiegebieden"). 001 spells some differently in its page headings
  ("FINANCIELE HULPVERLENING", "organisatie", "reflecteren, verbeteren en verantwoorden",
  "Externe samenwerking, uitbesteding en inkoop" for area 6); we use the guideline's names.
- ``NORMS`` (R-U3): the 50 kwaliteitsnormen 1.1–7.6 from the "Kwaliteitsnorm" pages of 001,
  titles verbatim with whitespace collapsed (typographic quotes ‘ ’ and the source's own
  hyphenation, e.g. "gegevens-verzameling", kept).
- ``DEVELOPMENT_LEVELS`` (R-U3, R-U4): the four ontwikkelniveaus as listed in 000 §1. The level
  headings in 001 abbreviate D to "Integraal samenwerkend" in all seven areas; 000 (and SPEC's
  glossary) say "Integraal samenwerkend in de keten", which we use.
- ``LEVEL_DESCRIPTIONS`` (R-U3): per area and level the description from 001 (7 × 4 = 28).
  Cleaned: the duplicated heading ("A. Beheerste processenA. Beheerste processen") removed,
  stray glyphs (U+FFFD) dropped, hard-wrapped lines joined; each bullet is one line starting
  with "• ", bullets separated by a single "\\n". Wording is the source's, including its
  spelling ("De koers rijkt verder …"), except for the PDF-extraction errors in ``SEED_ERRATA``.
- ``SCOPE_ITEMS`` (R-M5): the 22 forms of financial assistance of 000 appendix 1 ("Scope").
- ``DOCUMENT_CHECKLIST`` (R-U2): 000 appendix 3 ("Voorbeeld van mogelijk aan te leveren
  documenten"). The appendix has two groups, so entries are ``(number, group, title)`` with
  ``group`` a key of ``DOCUMENT_CHECKLIST_GROUPS``: "preparation" (documents assessed in the
  voorbereidend onderzoek, 20 items) and "on_site" (what the organisation shows the auditor
  during the onderzoek op locatie, 7 items). Numbers run 1–27 across both groups.
- ``INTERVIEWEE_FUNCTIONS`` (R-U2): 000 appendix 4 ("Voorbeeld van betrokken personen bij de
  audit"), 13 functions (the last, "Klantcontactcentrum", is the
  seed's final line, without a trailing newline).
- ``CORE_DATA_FIELDS`` (R-M6): 000 appendix 2, first list ("Kerngegevens auditverslag"), 10
  fields, labels verbatim.
- ``CORE_DATA_SIZE_FIELDS`` (R-M6, R-U6): the further kerngegevens that determine the audit's
  size, from 000 §7 "Omvang audit" (interns and volunteers, outsourcing and hired third parties,
  service area, (secondary) locations). SPEC R-M6 attributes these to appendix 2, but the
  guideline has them only in §7; labels are short Dutch paraphrases of the §7 bullets.
- ``AUDIT_EXECUTION_FIELDS`` (R-U2): 000 appendix 2, second list ("Kerngegevens uitvoering
  onderzoek"), 9 fields: data of one audit, not of the member.

Titles in the appendix lists drop the seed's final full stop ("Missie en visie." → "Missie en
visie"); otherwise they are verbatim.
"""

# Corrections of obvious PDF-extraction errors in 001 applied to LEVEL_DESCRIPTIONS
# (seed text → text used here). The tests apply the same corrections to the seed.
SEED_ERRATA: dict[str, str] = {
    "p rofessionals": "professionals",  # area 6, level A, second bullet
}

PERFORMANCE_AREAS: list[tuple[int, str]] = [
    (1, "Koers"),
    (2, "Leiderschap"),
    (3, "Organisatie"),
    (4, "Financiële hulpverlening"),
    (5, "Professionals"),
    (6, "Samenwerking, uitbesteding & inkoop"),
    (7, "Reflecteren, verbeteren & verantwoorden"),
]

NORMS: list[tuple[str, str]] = [
    # 1. Koers
    ("1.1", "Voldoen aan wet- en regelgeving"),
    ("1.2", "Voldoen aan NVVK-eisen"),
    ("1.3", "Volgen van ontwikkelingen op vlak financiële hulpverlening"),
    ("1.4", "Formuleren missie, visie en strategie"),
    ("1.5", "Formuleren concrete doelen en plannen"),
    ("1.6", "Helderheid over invulling van opdracht(en) en verantwoording"),
    # 2. Leiderschap
    ("2.1", "Onderschrijven en uitdragen NVVK Belofte"),
    ("2.2", "Betrekken professionals bij de koers"),
    ("2.3", "Eigenaarschap voor de ambities van de organisatie"),
    ("2.4", "Passende leiderschapsstijl"),
    ("2.5", "Bijdragen aan optimalisering financiële hulpverlening"),
    # 3. Organisatie
    ("3.1", "Passende organisatie-inrichting en overlegstructuur"),
    ("3.2", "Inzichtelijke, effectieve en doelmatige werkprocessen"),
    ("3.3", "Adequate werkomstandigheden"),
    ("3.4", "Werkbare ICT-infrastructuur"),
    ("3.5", "Beheerste organisatie-verandering"),
    ("3.6", "Publieke incidenten- en klachtenregeling"),
    # 4. Financiële hulpverlening
    ("4.1", "Begrijpelijke communicatie en goede bereikbaarheid"),
    ("4.2", "Methodisch werken"),
    ("4.3", "Laagdrempelige toegang"),
    ("4.4", "Bejegening en hulp op basis van vertrouwen"),
    ("4.5", "Planmatige intake met oog voor ‘vraag achter de vraag’"),
    ("4.6", "Met klant afgestemd plan van aanpak"),
    ("4.7", "Passende inzet van vormen van financiële hulp"),
    ("4.8", "Gericht verwijzen bij flankerende problematiek"),
    ("4.9", "Evaluatie voortgang en zo nodig bijstellen aanpak"),
    ("4.10", "Hulp is ‘zo kort als mogelijk en zo lang als nodig’ met inzet op bestendiging"),
    ("4.11", "Zorgvuldige dossiervorming"),
    # 5. Professionals
    ("5.1", "Duurzame arbeidsrelaties"),
    ("5.2", "Vastgesteld personeelsbeleid"),
    ("5.3", "Benodigde functies, taken en rollen vastgesteld"),
    ("5.4", "Voldoende competente en integere professionals"),
    ("5.5", "Doeltreffend inwerken"),
    ("5.6", "Inzicht in en handelen naar koers en NVVK Belofte"),
    ("5.7", "Naleven en optimaliseren werkafspraken"),
    ("5.8", "Planmatige scholing en ontwikkeling"),
    ("5.9", "Openstaan voor feedback en hieruit leren"),
    ("5.10", "Jaarlijks evalueren van functioneren"),
    ("5.11", "Personeelsdossier voldoet aan eisen"),
    # 6. Samenwerking, uitbesteding & inkoop
    ("6.1", "Sociale kaart financiële hulpverlening"),
    ("6.2", "Visie op samenwerking partners met overleg en evaluatie"),
    ("6.3", "Uitbesteding in lijn met de koers"),
    ("6.4", "Doelmatige inzet van derden"),
    ("6.5", "Doelmatige inkoop en periodieke evaluatie"),
    # 7. Reflecteren, verbeteren & verantwoorden
    ("7.1", "Vaststellen van relevante gegevens"),
    ("7.2", "Gerichte gegevens-verzameling"),
    ("7.3", "Reflecteren op managementinformatie in samenhang"),
    ("7.4", "Op basis van reflectie werken aan verbetering"),
    ("7.5", "Planmatig ontwikkelen en vernieuwing van financiële hulp"),
    ("7.6", "Verantwoording in publiekelijk jaarverslag"),
]

DEVELOPMENT_LEVELS: list[tuple[str, str]] = [
    ("A", "Beheerste processen"),
    ("B", "Resultaatgericht"),
    ("C", "Lerend en vernieuwend"),
    ("D", "Integraal samenwerkend in de keten"),
]

LEVEL_DESCRIPTIONS: list[tuple[int, str, str]] = [
    (
        1,
        "A",
        "• De koers is op hoofdlijn geformuleerd,\n"
        "• uitgewerkt in interne doelen en\n"
        "• binnen de organisatie bekend gemaakt.",
    ),
    (
        1,
        "B",
        "• De koers is resultaatgericht geformuleerd en\n"
        "• uitgewerkt in te bereiken doelen en effecten en\n"
        "• zowel binnen de organisatie als aan relevante partners bekend gemaakt.",
    ),
    (
        1,
        "C",
        "• De koers is samen met professionals ambitieus geformuleerd en doelgericht uitgewerkt,\n"
        "• met als pijlers klantgedrevenheid, maatwerk en vernieuwing van de financiële hulpverlening.\n"
        "• De koers wordt publiekelijk uitgedragen.",
    ),
    (
        1,
        "D",
        "• De koers rijkt verder dan de ambities met de eigen financiële hulpverlening en\n"
        "• gaat ook in op afstemming en samenwerking met relevante partners en de eigen bijdrage in de hele keten van de financiële hulpverlening.\n"
        "• Dit wordt met de partners samen gedeeld en uitgedragen.",
    ),
    (
        2,
        "A",
        "• De leiding onderschrijft de NVVK Belofte en\n"
        "• maakt taakstellende afspraken met professionals over de wijze van uitvoering en\n"
        "• monitort op naleving van de afspraken.",
    ),
    (
        2,
        "B",
        "• De leiding draagt de samen met de professionals geformuleerde ambities in lijn met de NVVK Belofte in woord en daad uit,\n"
        "• maakt taakstellende afspraken met professionals over te bereiken resultaten en\n"
        "• heeft hierbij vertrouwen in vakbekwaamheid van de professionals en monitort resultaten.",
    ),
    (
        2,
        "C",
        "• De leiding draagt de samen met de professionals geformuleerde ambities in lijn met de NVVK Belofte in woord en daad uit,\n"
        "• inspireert en daagt professionals uit om te vernieuwen en\n"
        "• toont hierbij vertrouwen in eigenaarschap en initiatief van professionals.",
    ),
    (
        2,
        "D",
        "• De leiding stimuleert, in aanvulling op het voorgaande, professionals om proactief kansen te signaleren,\n"
        "• om samen met externe partners initiatieven te nemen\n"
        "• en zo de toegevoegde waarde in de keten uit te bouwen.",
    ),
    (
        3,
        "A",
        "• De inrichting van de organisatie, de systemen en kwaliteitsborging zijn gericht op beheerste uitvoering van werkprocessen voor de klant.",
    ),
    (
        3,
        "B",
        "• Inrichting, systemen en kwaliteitsborging zijn gericht op behalen van beoogde resultaten met de klant\n"
        "• waarbij interne processen elkaar onderling versterken\n"
        "• en maatwerk mogelijk is.",
    ),
    (
        3,
        "C",
        "• Inrichting, systemen en kwaliteitsborging zijn gericht op behalen van duurzame resultaten.\n"
        "• De financiële hulp kenmerkt zich naast maatwerk ook door toenemend proactief en integraal handelen en de inzet van nieuwe methodieken.\n"
        "• De organisatie speelt hierbij in op veranderingen in de omgeving en veranderende klantvraag.",
    ),
    (
        3,
        "D",
        "• Inrichting, systemen en kwaliteitsborging zijn gericht op het behalen van beoogde duurzame resultaten in de keten,\n"
        "• in samenwerking met relevante partners en met inzet van ieders expertise\n"
        "• vanuit perspectief van de klant.",
    ),
    (
        4,
        "A",
        "• De financiële hulpverlening wordt planmatig uitgevoerd\n"
        "• volgens vastgestelde afspraken, processen, werkwijzen en gebruik makend van de convenanten\n"
        "• in afstemming met de klant.",
    ),
    (
        4,
        "B",
        "• De hulp is methodisch onderbouwd,\n"
        "• wordt planmatig uitgevoerd en afgestemd op mogelijkheden en capaciteiten van de klant\n"
        "• en heeft een duurzaam resultaat als doel.",
    ),
    (
        4,
        "C",
        "• De hulp kenmerkt zich naast maatwerk en planmatige aanpak ook door\n"
        "• toenemend proactief en integraal handelen.\n"
        "• Er worden nieuwe methodieken ingezet en ontwikkeld om meer (potentiële) klanten te bereiken en de resultaten van de financiële hulp te verbeteren.",
    ),
    (
        4,
        "D",
        "• De hulp wordt in goed en afgestemd samenspel met relevante partners op maat geboden ‘over de grenzen van de eigen organisatie heen’\n"
        "• met inzet van innovatieve en ook ‘onorthodoxe’ methoden & methodieken waarbij meer (potentiële) klanten duurzaam geholpen worden.\n"
        "• Optimalisatie en onderlinge afstemming van de hulp in de hele keten staat centraal.",
    ),
    (
        5,
        "A",
        "• Professionals houden zich aan werkprocessen,\n"
        "• werken klantgericht en\n"
        "• volgen aangeboden scholing om bij te blijven in hun vak.",
    ),
    (
        5,
        "B",
        "• Professionals werken planmatig, klantgericht en resultaatgericht,\n"
        "• nemen initiatieven tot verbetering,\n"
        "• ontwikkelen hun vakbekwaamheid en leren van feedback.",
    ),
    (
        5,
        "C",
        "• Professionals werken samen met hun klanten en collega’s aan het optimaliseren van duurzame resultaten,\n"
        "• komen proactief met voorstellen voor verbetering en\n"
        "• ontwikkelen hiertoe hun competenties o.a. op basis van verworven feedback en opgedane ervaringen. Zij leren en ontwikkelen van en met elkaar.",
    ),
    (
        5,
        "D",
        "• Professionals reflecteren samen met collega’s van andere partners op feedback en resultaten en\n"
        "• ontwikkelen zo zichzelf en het vak en\n"
        "• voeren verbeteringen door in hun functioneren en in het ketenproces.",
    ),
    (
        6,
        "A",
        "• Het NVVK-lid heeft een visie op samenwerking, uitbesteding en inkoop,\n"
        "• professionals zijn bekend met de meest belangrijke partners in het werkveld en\n"
        "• weten de weg om gericht te verwijzen en maken bij financiële hulpverlening gebruik van opgestelde convenanten.",
    ),
    (
        6,
        "B",
        "• Het lid heeft haar belangrijke partners in beeld en\n"
        "• heeft een visie op samenwerking, uitbesteding en inkoop. Zij betrekt hierbij landelijke en regionale afspraken en evalueert periodiek met partners de samenwerking.\n"
        "• Professionals werken van hieruit samen met schuldeisers en externe partners en verwijzen gericht door.",
    ),
    (
        6,
        "C",
        "• Het NVVK-lid draagt bij aan optimalisatie van de samenwerking in de keten en met schuldeisers\n"
        "• door initiatieven te nemen en nieuwe werkwijzen en methodieken te ontwikkelen\n"
        "• en die te evalueren.",
    ),
    (
        6,
        "D",
        "• Het NVVK-lid werkt ‘op natuurlijke wijze samen met ketenpartners en schuldeisers’ en\n"
        "• pakt hierbij proactief haar rol en\n"
        "• stemt die af met de andere betrokken partijen.",
    ),
    (
        7,
        "A",
        "• Het NVVK-lid reflecteert tenminste jaarlijks gericht op verzamelde informatie,\n"
        "• stelt vast waar het goed gaat en waar verbetering nodig is\n"
        "• en voert dat door.",
    ),
    (
        7,
        "B",
        "• Het NVVK-lid reflecteert tenminste jaarlijks op behaalde resultaten en\n"
        "• zet die informatie af tegen ambities met oog op effectiviteit en onderlinge samenhang.\n"
        "• Het doorvoeren van verbeteringen verloopt planmatig.",
    ),
    (
        7,
        "C",
        "• Het NVVK-lid verzamelt naast interne managementinformatie ook proactief feedback bij klanten en partners\n"
        "• om zo zicht te krijgen op haar meetbare en merkbare kwaliteit\n"
        "• teneinde haar dienstverlening continu te verbeteren en waar mogelijk te innoveren.",
    ),
    (
        7,
        "D",
        "• Binnen de keten wordt gezamenlijk op proactieve wijze feedback opgehaald en\n"
        "• proces- en effectmetingen vormen een onderdeel van het ketendenken.\n"
        "• Het NVVK-lid werkt samen met ketenpartners aan continue verbetering van de ketenkwaliteit en optimalisatie van de resultaten.",
    ),
]

SCOPE_ITEMS: list[tuple[int, str]] = [
    (1, "Preventie"),
    (2, "Vroegsignalering"),
    (3, "Aanmelding"),
    (4, "Informatie en advies"),
    (5, "Crisisinterventie"),
    (6, "Intake"),
    (7, "Stabilisatie"),
    (8, "Schuldregeling"),
    (9, "Duurzame financiële dienstverlening"),
    (10, "Financiële begeleiding"),
    (11, "Budgetbeheer"),
    (12, "Beschermingsbewind"),
    (13, "Budgetcoaching"),
    (14, "Betalingsregeling"),
    (15, "Herfinanciering"),
    (16, "Saneringskrediet"),
    (17, "Schuldbemiddeling"),
    (18, "Schuldregeling zonder afloscapaciteit"),
    (19, "Flankerende hulp"),
    (20, "Nazorg"),
    (21, "Schuldhulp aan ondernemers"),
    (22, "Sociale kredietverlening"),
]

DOCUMENT_CHECKLIST_GROUPS: list[tuple[str, str]] = [
    ("preparation", "Voorbereidend onderzoek: aan te leveren documenten"),
    ("on_site", "Onderzoek op locatie: inzage voor de auditor"),
]

DOCUMENT_CHECKLIST: list[tuple[int, str, str]] = [
    (1, "preparation", "De ingevulde zelfevaluatie (te downloaden via de NVVK-site)"),
    (2, "preparation", "Missie en visie"),
    (
        3,
        "preparation",
        "Terugblik op de resultaten en de ontwikkelingen in het afgelopen jaar "
        "opgepakte/lopende vernieuwingen",
    ),
    (
        4,
        "preparation",
        "Beoogde resultaten lopend/komend jaar; bij grote organisaties per team/afdeling",
    ),
    (
        5,
        "preparation",
        "Functieprofielen van de medewerkers, die betrokken zijn bij de geboden vormen van "
        "financiële hulp",
    ),
    (6, "preparation", "Relevante werkafspraken en werkprocessen"),
    (
        7,
        "preparation",
        "Informatie over het gebruikte cliëntvolgsysteem en eventuele andere relevante systemen",
    ),
    (8, "preparation", "Geldende Gedragscodes"),
    (9, "preparation", "Inwerkprogramma voor nieuwe medewerker"),
    (10, "preparation", "Actueel scholingsplan en -beleid"),
    (11, "preparation", "Opzet intervisie en/of casuïstiekbesprekingen (indien deze plaatsvinden)"),
    (12, "preparation", "Werkwijze evalueren medewerkers"),
    (
        13,
        "preparation",
        "Uitkomst en ondernomen actie na klanttevredenheids- en medewerkerstevredenheids-onderzoek",
    ),
    (14, "preparation", "Privacyreglement"),
    (15, "preparation", "Klachtenreglement"),
    (
        16,
        "preparation",
        "Omgaan met incidenten en vermoeden van meldenswaardige zaken (meldcode, calamiteiten)",
    ),
    (17, "preparation", "Stagebeleid"),
    (18, "preparation", "Vrijwilligersbeleid (indien van toepassing)"),
    (19, "preparation", "Jaarverslag"),
    (
        20,
        "preparation",
        "Mogelijk andere relevante zaken, zoals het rapport van een andere toetsing die "
        "relevant is met oog op de NVVK-audit",
    ),
    (21, "on_site", "Opzet klantvolgsysteem"),
    (
        22,
        "on_site",
        "Steekproef uit klantdossiers/klantfiles, gerelateerd aan de omvang van de organisatie "
        "en het aantal en type klanten",
    ),
    (23, "on_site", "Contracten met opdrachtgevers"),
    (24, "on_site", "Contracten met derden inzake uitbestede diensten (indien van toepassing)"),
    (25, "on_site", "Afspraken en evaluaties met samenwerkingspartners"),
    (26, "on_site", "Steekproef personeelsdossiers"),
    (27, "on_site", "Wijze van organiseren van managementinformatie; voorbeelden hiervan"),
]

INTERVIEWEE_FUNCTIONS: list[tuple[int, str]] = [
    (1, "Directeur/bestuurder"),
    (2, "Direct leidinggevenden"),
    (3, "HR/P&O"),
    (4, "AVG functionaris/iemand over gehanteerd klantvolgsysteem"),
    (5, "Klachtenfunctionaris, vertrouwenspersoon"),
    (6, "Controller, financiële administratie"),
    (7, "Iemand belast met managementinfo, KTO, MTO, ketenfeedback"),
    (8, "Staf-/beleids-/kwaliteitsmedewerker"),
    (9, "Communicatiemedewerker"),
    (
        10,
        "Steekproef financiële hulpverleners per type financiële hulpverlening "
        "(als er meer zijn min. 2 per soort)",
    ),
    (11, "Tijdelijke bij financiële hulp ingezette krachten, inhuur, stagiaires"),
    (12, "Receptie-/balie-/administratiemedewerker"),
    (13, "Klantcontactcentrum"),
]

CORE_DATA_FIELDS: list[tuple[str, str]] = [
    ("name", "Klantnaam"),
    ("address", "Adres"),
    ("contact_person", "Contactpersoon"),
    ("phone", "Telefoon"),
    ("email", "Email"),
    ("website", "Website"),
    ("formation_fte", "Inzet formatie"),
    (
        "executive_staff",
        "Aantal uitvoerende medewerkers financiële hulpverlening "
        "(vast en tijdelijk, in fte en aantal)",
    ),
    ("supporting_staff", "Ondersteunende medewerkers"),
    ("management_and_control", "Management en control"),
]

CORE_DATA_SIZE_FIELDS: list[tuple[str, str]] = [
    ("interns_and_volunteers_fte", "Inzet stagiaires en vrijwilligers (gemiddelde fte-inzet)"),
    ("outsourcing_and_hired_third_parties", "Uitbesteden van onderdelen en inhuur van derden"),
    ("service_area_size", "Grootte van het werkgebied"),
    ("locations_count", "Aantal (neven-)locaties, spreekuurplekken niet meegerekend"),
]

AUDIT_EXECUTION_FIELDS: list[tuple[str, str]] = [
    ("audit_kind", "Soort onderzoek"),
    ("previous_certificate_expiry", "Expiratiedatum vorig certificaat"),
    ("interviewees", "Gesproken met (functie en aantal)"),
    ("performed_on", "Uitvoering (datum)"),
    ("plans_of_approach", "Plannen van aanpak"),
    ("report_status", "Verslag (status)"),
    ("team_leader", "Teamleider"),
    ("assessors", "Beoordelaar(s)"),
    ("report_reviewed_by", "Verslag tegen gelezen door"),
]
