"""DFØ-notat 2021:1 «Kunnskapsgrunnlag om nye organisasjonsformer i forvaltningen», Tables 1–4, transcribed.

Keys refer to `organisations.ORGANISATIONS`. Table 1's order is the order of the life events everywhere.
"""

SOURCE = "DFØ-notat 2021:1"

# slug, name (bokmål), name (nynorsk), name (English), owner ministry
LIFE_EVENTS: list[tuple[str, str, str, str, str]] = [
    ("fa-barn", "Få barn", "Få barn", "Having a child", "ASD"),
    ("alvorlig-sykt-barn", "Alvorlig sykt barn", "Alvorleg sjukt barn", "Seriously ill child", "HOD"),
    ("miste-og-finne-jobb", "Miste og finne jobb", "Miste og finne jobb", "Losing and finding a job", "ASD"),
    ("ny-i-norge", "Ny i Norge", "Ny i Noreg", "New in Norway", "KD"),
    (
        "starte-og-drive-en-bedrift",
        "Starte og drive en bedrift",
        "Starte og drive ei bedrift",
        "Starting and running a business",
        "NFD",
    ),
    ("dodsfall-og-arv", "Dødsfall og arv", "Dødsfall og arv", "Death and inheritance", "KMD"),
    (
        "starte-og-drive-en-frivillig-organisasjon",
        "Starte og drive en frivillig organisasjon",
        "Starte og drive ein frivillig organisasjon",
        "Starting and running a voluntary organisation",
        "KUD",
    ),
]

# Table 1: executing agencies and collaborators per life event, in the order printed.
# (NAV is both executing agency and collaborator in «Få barn», and KUD both owner and executing in the last row,
# exactly as the table gives it.)
TABLE_1: dict[str, dict[str, list[str]]] = {
    "fa-barn": {"executing": ["NAV"], "collaborators": ["BFD", "NAV", "KS"]},
    "alvorlig-sykt-barn": {
        "executing": ["HDIR", "EHELSE"],
        "collaborators": ["KS", "NAV", "STATPED", "UDIR", "FLEKKEFJORD", "BUFDIR"],
    },
    "miste-og-finne-jobb": {"executing": ["NAV"], "collaborators": ["KS"]},
    "ny-i-norge": {
        "executing": ["IMDI"],
        "collaborators": ["KS", "DIGDIR", "DFO", "UDI", "NAV", "KD-FAGGRUPPE"],
    },
    "starte-og-drive-en-bedrift": {
        "executing": ["BRREG"],
        "collaborators": ["ARBEIDSTILSYNET", "DIGDIR", "DFO", "SKATT", "SSB"],
    },
    "dodsfall-og-arv": {
        "executing": ["DIGDIR"],
        "collaborators": ["DSOP", "KARTVERKET", "NAV", "SKATT", "SVV", "DA", "FINANS", "BFD"],
    },
    "starte-og-drive-en-frivillig-organisasjon": {
        "executing": ["KUD", "DFO", "LOTTSTIFT", "BRREG"],
        "collaborators": ["BUFDIR", "FRIVILLIGHET", "LNU", "INNSAMLINGSRAD"],
    },
}

# Table 2: important supporting activities. (name, owner key or None, phase or "", note)
# Phases only where section 3.1 of the note gives them (Frivillighetsregisteret, Digitilskudd and Oppgjør etter
# dødsfall are in «Levere sammen»). A trailing «med flere» in the table is kept in TABLE_2_MORE.
TABLE_2: dict[str, list[tuple[str, str | None, str]]] = {
    "fa-barn": [
        (
            "Utvikling av digitale tjenester for pleiepenger, omsorgspenger, barnetrygd, enslig forsørger "
            "og kontantstøtte",
            "NAV",
            "",
        ),
    ],
    "alvorlig-sykt-barn": [
        ("0-24 samarbeidet", None, ""),
        ("DIGI-UNG", None, ""),
        ("Nasjonalt velferdsteknologiprogram", None, ""),
        ("veiviseren.no", None, ""),
        ("E-læringsprogram", None, ""),
        ("Pårørendestrategien", None, ""),
        ("Likeverdsreformen", None, ""),
        ("Nasjonal helse- og sykehusplan", None, ""),
        ("Strategi for sjeldne diagnoser", None, ""),
        ("Få barn", None, ""),
        ("Stimulab-prosjekt knyttet til livshendelsen overordnet", None, ""),
    ],
    "miste-og-finne-jobb": [
        ("Arbeidsplassen.no", "NAV", ""),
        ("Digitalisering av sykefraværsoppfølging", "NAV", ""),
    ],
    "ny-i-norge": [
        ("Innsiktsrapport: «Det skal være enkelt å være Ny i Norge»", "IMDI", ""),
    ],
    "starte-og-drive-en-bedrift": [
        ("E-guider", None, ""),
        ("Digitilskudd", None, ""),
        ("Ny bonde", None, ""),
        ("Næringskoding", None, ""),
        ("Virksomhetsportal", None, ""),
        ("Digitale HMS-kort", None, ""),
        ("Min innkreving", None, ""),
        ("Løyvereregister", None, ""),
        ("IPR-lisens og patentregister", None, ""),
    ],
    "dodsfall-og-arv": [
        ("DSOP-prosjektet «Oppgjør etter dødsfall»", "DSOP", "deliver"),
    ],
    "starte-og-drive-en-frivillig-organisasjon": [
        ("Meld. St. 10 (2018–2019) Frivilligheita – sterk, sjølvstendig, mangfaldig", "KUD", ""),
        ("Frivillighetsregisteret", None, "deliver"),
        ("Digitilskudd", None, "deliver"),
        ("Starte og drive en bedrift", None, ""),
        ("Stimulab-prosjekt knyttet til livshendelsen overordnet", None, ""),
    ],
}
TABLE_2_MORE = {"alvorlig-sykt-barn", "starte-og-drive-en-bedrift"}  # the table ends the list with «med flere»

# Table 3: mentions of the life events in the allocation letters for 2020, row by row.
# (life event, agency key, role as printed, «Omtalt i tildelingsbrev» as printed, «Fått oppdrag», «Varsel/info»)
EXEC, COLLAB = "executing_agency", "collaborator"
TABLE_3_YEAR = 2020
TABLE_3: list[tuple[str, str, str, str, bool, bool]] = [
    ("fa-barn", "NAV", EXEC, "Ja", False, True),
    ("alvorlig-sykt-barn", "HDIR", EXEC, "Ja", True, False),
    ("alvorlig-sykt-barn", "EHELSE", EXEC, "Ja", True, False),
    ("alvorlig-sykt-barn", "NAV", COLLAB, "Nei", False, False),
    ("alvorlig-sykt-barn", "STATPED", COLLAB, "Nei", False, False),
    ("alvorlig-sykt-barn", "UDIR", COLLAB, "Ja", True, False),
    ("miste-og-finne-jobb", "NAV", EXEC, "Ja", False, True),
    ("ny-i-norge", "IMDI", EXEC, "Ja", True, False),
    ("ny-i-norge", "DIGDIR", COLLAB, "Nei", False, False),
    ("ny-i-norge", "DFO", COLLAB, "(Nei)*", False, False),
    ("ny-i-norge", "UDI", COLLAB, "Nei", False, False),
    ("ny-i-norge", "NAV", COLLAB, "Nei", False, False),
    ("starte-og-drive-en-bedrift", "BRREG", EXEC, "Ja", True, False),
    ("starte-og-drive-en-bedrift", "ARBEIDSTILSYNET", COLLAB, "(Nei)*", False, True),
    ("starte-og-drive-en-bedrift", "DIGDIR", COLLAB, "Nei", False, False),
    ("starte-og-drive-en-bedrift", "DFO", COLLAB, "(Nei)*", False, False),
    ("starte-og-drive-en-bedrift", "SKATT", COLLAB, "Nei", False, False),
    ("starte-og-drive-en-bedrift", "SSB", COLLAB, "Nei", False, False),
    ("dodsfall-og-arv", "DIGDIR", EXEC, "Ja", True, False),
    ("dodsfall-og-arv", "KARTVERKET", COLLAB, "Ja", False, True),
    ("dodsfall-og-arv", "NAV", COLLAB, "Nei", False, False),
    ("dodsfall-og-arv", "SKATT", COLLAB, "Nei", False, False),
    ("dodsfall-og-arv", "SVV", COLLAB, "Nei", False, False),
    ("dodsfall-og-arv", "DA", COLLAB, "(Nei)*", False, False),
    ("starte-og-drive-en-frivillig-organisasjon", "DFO", EXEC, "(Nei)*", False, False),
    ("starte-og-drive-en-frivillig-organisasjon", "LOTTSTIFT", EXEC, "(Nei)*", False, False),
    ("starte-og-drive-en-frivillig-organisasjon", "BRREG", EXEC, "Ja", False, True),
    ("starte-og-drive-en-frivillig-organisasjon", "BUFDIR", COLLAB, "Ja", False, True),
]
# The sum row as printed: «Sum 11 6 6» (mentioned «Ja», assignments, notices).
TABLE_3_SUM = (11, 6, 6)
TABLE_3_FOOTNOTE = (
    "(Nei)* = omtaler av oppdrag eller prosjekter som kan ha tilknytning til livshendelsen/oppfølging av "
    "Digitaliseringsstrategien, men der den aktuelle livshendelsen ikke er omtalt eksplisitt."
)
TABLE_3_NOTES = {
    ("starte-og-drive-en-frivillig-organisasjon", "BRREG"): "Skrevet «Brønnpøysundregistrene» i tabellen.",
}

# Table 4: is the work on the life event funded? (status, as printed, [(funding source key, status)])
TABLE_4_YEAR = 2020
TABLE_4: dict[str, tuple[str, str, list[str]]] = {
    "fa-barn": ("none", "Nei", []),
    "alvorlig-sykt-barn": ("partial", "Delvis (StimuLab og ekstrabevilgning fra stortinget)", ["stimulab", "extra"]),
    "miste-og-finne-jobb": ("none", "Nei", []),
    "ny-i-norge": ("partial", "Delvis (Driftsmidler i tildelingsbrev)", ["allocation"]),
    "starte-og-drive-en-bedrift": (
        "partial",
        "Delvis (StimuLab til en understøttende aktivitet og ekstra driftsmidler i tildelingsbrev til et prosjekt)",
        ["stimulab", "allocation"],
    ),
    "dodsfall-og-arv": ("partial", "Delvis (Medfinansieringsordningen)", ["cofunding"]),
    "starte-og-drive-en-frivillig-organisasjon": (
        "full",
        "Ja (Medfinansieringsordningen og StimuLab)",
        ["cofunding", "stimulab"],
    ),
}

# The funding sources of section 3.7 (kind, name, description).
FUNDING_SOURCES: list[tuple[str, str, str]] = [
    (
        "stimulab",
        "StimuLab",
        "Stimuleringsordningen for innovasjon og tjenestedesign. Skal fra 2020 prioritere tiltak tilknyttet de syv "
        "livshendelsene.",
    ),
    (
        "cofunding",
        "Medfinansieringsordningen",
        "Digitaliseringstiltak i statlige virksomheter kan få fra 50 til 85 % støtte. Tiltakene må være "
        "samfunnsøkonomisk lønnsomme, levere forpliktende gevinstrealiseringsplaner og være ferdig med konseptfasen.",
    ),
    ("allocation", "Driftsmidler i tildelingsbrev", "Ekstra driftsmidler i virksomhetenes tildelingsbrev."),
    ("extra", "Ekstrabevilgning fra Stortinget", "Ekstrabevilgninger fra Stortinget."),
    ("own", "Egne budsjetter", "Aktørene kan fritt benytte egne budsjetter til arbeidet med livshendelsene."),
]
