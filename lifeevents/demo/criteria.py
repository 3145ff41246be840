"""The default scoring rubric (step 3: innovation potential and complexity). Reusable: `ensure_default_criteria()`
creates the criteria that do not exist yet and never changes ones the office has edited."""

from django.db import transaction

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


@transaction.atomic
def ensure_default_criteria() -> list:
    """Create the default rubric where a criterion of that name is missing; return the criteria in order."""
    from portfolio.models import Criterion

    criteria = []
    for order, (name, axis, weight, description, descriptors) in enumerate(DEFAULT_CRITERIA, start=1):
        defaults = {"axis": axis, "weight": weight, "description": description, "sort_order": order}
        defaults.update({f"descriptor_{i}": text for i, text in enumerate(descriptors, start=1)})
        criterion, _created = Criterion.objects.get_or_create(name=name, defaults=defaults)
        criteria.append(criterion)
    return criteria
