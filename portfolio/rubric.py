"""The standard scoring rubric (step 3: innovation potential and complexity), in Norwegian like the rest of the
reference data. Read through `services.scoring.default_criteria()`; the office installs it with
`rubric_install_defaults`, and the demo data with `demo.reference.criteria.ensure_default_criteria`."""

# name, axis, weight, description, descriptors 1–5
DEFAULT_CRITERIA: list[tuple[str, str, int, str, tuple[str, str, str, str, str]]] = [
    (
        "Brukernytte",
        "potential",
        3,
        "Hvor mye bedre blir livshendelsen for brukerne?",
        (
            "Ingen merkbar endring for brukerne",
            "Litt enklere for noen brukere",
            "Tydelig enklere for en del av brukerne",
            "Tydelig enklere for de fleste brukerne",
            "Løser et stort, dokumentert brukerbehov",
        ),
    ),
    (
        "Tverrsektoriell rekkevidde",
        "potential",
        2,
        "Hvor mange sektorer, forvaltningsnivåer og livshendelser har nytte av tiltaket?",
        (
            "Én virksomhet",
            "Flere virksomheter i samme sektor",
            "To sektorer",
            "Flere sektorer eller både stat og kommune",
            "Flere livshendelser på tvers av sektorer og forvaltningsnivåer",
        ),
    ),
    (
        "Innovasjonsgrad",
        "potential",
        2,
        "Hvor nytt er forslaget, sammenlignet med dagens tjenester og pågående tiltak?",
        (
            "Videreføring av dagens løsning",
            "Mindre forbedring",
            "Ny for virksomheten",
            "Ny i norsk forvaltning",
            "Grunnleggende ny måte å levere tjenesten på",
        ),
    ),
    (
        "Kompleksitet",
        "complexity",
        2,
        "Hvor krevende er gjennomføringen (aktører, regelverk, data, teknologi)?",
        (
            "Enkel, én aktør",
            "Noen avhengigheter",
            "Flere aktører og noe regelverk",
            "Mange aktører, regelverksendring eller datadeling",
            "Svært krevende: lovendring, mange aktører og ny infrastruktur",
        ),
    ),
    (
        "Kostnad",
        "complexity",
        1,
        "Hvor store er kostnadene for å gjennomføre og forvalte tiltaket?",
        (
            "Under 0,5 mill. kr",
            "0,5–2 mill. kr",
            "2–10 mill. kr",
            "10–50 mill. kr",
            "Over 50 mill. kr",
        ),
    ),
    (
        "Risiko",
        "complexity",
        1,
        "Hvor stor er risikoen for at tiltaket ikke gir den forventede nytten?",
        (
            "Svært lav",
            "Lav",
            "Middels",
            "Høy",
            "Svært høy",
        ),
    ),
    (
        "Gjennomføringsklarhet",
        "other",
        1,
        "Er eierskap, kompetanse og finansiering på plass til å starte?",
        (
            "Ingen eier eller finansiering",
            "Eier finnes, men ikke ressurser",
            "Eier og noe ressurser",
            "Eier, ressurser og plan",
            "Klar til oppstart, finansiert",
        ),
    ),
]
