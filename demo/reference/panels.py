"""ILLUSTRATIVE user panel and shared user journeys (issue 22), flagged `is_illustrative` everywhere.

The panel follows Digdir's advice to the project «Oppgjør etter dødsfall» in Dødsfall og arv: «opprett et
brukerpanel (av etterlatte)» (seed 003, Samarbeid på tvers). Its members are invented people with reserved
example addresses (`.invalid`, RFC 2606), never real ones; one has withdrawn consent, so the demo shows that their
contact details are gone. The journeys are built from what the sources say of the users' situation: the bereaved must
report the death and gather an overview from many actors (DFØ-notat 2021:1, the DSOP project «Oppgjør etter
dødsfall»; the demo's need for the life event), and parents of a seriously ill child spend much time coordinating
the services themselves and do not know where to begin (the survey «Hvor skal man begynne?», DFØ-notat 2021:1
section 3.2). The steps and pain points are illustrative, and so are the links to the illustrative proposals and
measures. Deterministic and idempotent."""

from datetime import date

from django.db import transaction

from governance.models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel
from portfolio.models import Measure, Proposal

from .upsert import upsert

PANEL = {
    "life_event": "dodsfall-og-arv",
    "name": "Brukerpanel av etterlatte",
    "coordinator": "DIGDIR",
    "description": (
        "Etterlatte som har vært gjennom et dødsfall og et skifte de siste to årene. Opprettet etter Digdirs "
        "anbefaling til prosjektet «Oppgjør etter dødsfall»: «Trekk inn de andre aktørene og opprett et brukerpanel "
        "(av etterlatte).» Illustrativt i demodataene."
    ),
}

PURPOSE = (
    "Delta i intervjuer, verksteder og brukertester om melding av dødsfall, oversikt over boet og skifte, "
    "så lenge samtykket gjelder. Opplysningene brukes bare til å kontakte deltakeren."
)

# (name, e-mail, phone, consent given, recruited by, withdrawn on)
MEMBERS = [
    ("Eksempel Etterlatt A", "etterlatt.a@eksempel.invalid", "", "2024-02-05", "DIGDIR", None),
    ("Eksempel Etterlatt B", "", "+47 000 00 001", "2024-02-09", "DSOP", None),
    ("Eksempel Etterlatt C", "etterlatt.c@eksempel.invalid", "+47 000 00 002", "2024-02-12", "KS", None),
    ("Eksempel Etterlatt D", "", "", "2024-02-20", "DIGDIR", "2024-06-01"),  # withdrew: contact details deleted
]

# (date, method, topic, participants, findings, proposals, measures)
CONSULTATIONS = [
    (
        "2024-03-12",
        "interview",
        "Å melde dødsfallet og finne ut hva som må gjøres",
        6,
        "De etterlatte forteller at de meldte dødsfallet til de samme aktørene flere ganger fordi de ikke visste "
        "hvem som allerede hadde fått beskjed. Flere ønsket én oversikt over hva som skjer av seg selv og hva de "
        "selv må gjøre, og i hvilken rekkefølge.",
        ["Dødsfallsmelding til bank og forsikring"],
        ["Melding om dødsfall til alle berørte etater"],
    ),
    (
        "2024-05-06",
        "workshop",
        "Skifteattest og oversikt over boet",
        8,
        "Panelet beskrev skifteattesten som nøkkelen til alt annet: banker og forsikringsselskap ville ha den i "
        "papir, og ventetiden stoppet resten. Det var vanskelig å finne avdødes konti, forsikringer og eiendom, og "
        "flere visste ikke forskjellen på privat og offentlig skifte.",
        ["Digital skifteattest", "Oversikt over avdødes eiendom"],
        ["Oversikt over avdødes bankkonti for arvinger"],
    ),
]

SOURCE_DEATH = (
    "Illustrativ, bygget på DFØ-notat 2021:1 (brukerreiser i livshendelsene; DSOP-prosjektet «Oppgjør etter "
    "dødsfall») og Digdirs anbefaling om et brukerpanel av etterlatte"
)
SOURCE_CHILD = (
    "Illustrativ, bygget på DFØ-notat 2021:1 avsnitt 3.2 (kartleggingen «Hvor skal man begynne?») og Digdirs "
    "case om missions i livshendelsene"
)

# life event → (title, description, source, [(step title, what the user does, agency, [(pain point, proposals,
# measures)])])
JOURNEYS = {
    "dodsfall-og-arv": (
        "Når noen i familien dør",
        "Reisen til de etterlatte fra dødsfallet til boet er gjort opp, slik de møter den på tvers av etatene.",
        SOURCE_DEATH,
        [
            (
                "Dødsfallet registreres og meldes",
                "Lege og begravelsesbyrå melder dødsfallet; Folkeregisteret oppdateres.",
                "SKATT",
                [
                    (
                        "Etterlatte vet ikke hvem som automatisk får beskjed om dødsfallet, og melder det til de samme "
                        "aktørene flere ganger.",
                        ["Dødsfallsmelding til bank og forsikring"],
                        ["Melding om dødsfall til alle berørte etater"],
                    ),
                ],
            ),
            (
                "Få oversikt over avdødes økonomi",
                "Finne konti, forsikringer, gjeld og eiendom.",
                "DSOP",
                [
                    (
                        "Konti, forsikringer og eiendom må letes fram hos mange aktører hver for seg.",
                        ["Oversikt over avdødes eiendom"],
                        ["Oversikt over avdødes bankkonti for arvinger"],
                    ),
                ],
            ),
            (
                "Skifte boet",
                "Velge privat eller offentlig skifte og få skifteattest fra tingretten.",
                "DA",
                [
                    ("Skifteattesten kommer i papir og må sendes til hver bank.", ["Digital skifteattest"], []),
                    ("Arvingene forstår ikke forskjellen på privat og offentlig skifte og hva de påtar seg.", [], []),
                ],
            ),
            (
                "Avslutte avtaler og overføre eiendeler",
                "Si opp abonnementer, overføre kjøretøy og eiendom.",
                "FINANS",
                [
                    (
                        "Abonnementer og avtaler løper videre og må sies opp én og én.",
                        ["Avslutning av abonnementer etter dødsfall"],
                        [],
                    ),
                    (
                        "Kjøretøyet må omregistreres eller avregistreres i et eget løp.",
                        ["Automatisk avregistrering av kjøretøy"],
                        ["Overføring av kjøretøy ved arv"],
                    ),
                ],
            ),
            (
                "Søke om etterlatteytelser",
                "Finne ut om gjenlevende og barn har rett til ytelser.",
                "NAV",
                [("Etterlatte vet ikke hvilke ytelser de kan ha rett til, eller når de må søke.", [], [])],
            ),
        ],
    ),
    "alvorlig-sykt-barn": (
        "Familien med et alvorlig sykt barn",
        "Reisen til foreldrene fra diagnosen til en hverdag med tjenester fra sykehus, kommune og NAV.",
        SOURCE_CHILD,
        [
            (
                "Barnet får diagnosen",
                "Møte med spesialisthelsetjenesten.",
                "HDIR",
                [("Foreldrene vet ikke hvor de skal begynne, eller hvem de kan spørre.", [], [])],
            ),
            (
                "Finne ut hvilke tjenester familien har rett til",
                "Kartlegge tilbud fra kommune, NAV og helsetjenesten.",
                "KS",
                [
                    (
                        "Ingen har ansvaret for helheten: foreldrene koordinerer tjenestene selv.",
                        ["Én kontaktperson for familier med alvorlig syke barn"],
                        ["Koordinator-app for familier med alvorlig syke barn"],
                    ),
                ],
            ),
            (
                "Søke om pleiepenger og hjelpemidler",
                "Søknader til NAV og hjelpemiddelsentralen.",
                "NAV",
                [
                    (
                        "De samme opplysningene må gis i flere søknader til ulike instanser.",
                        ["Felles søknad om hjelpemidler og pleiepenger"],
                        ["Felles søknad om pleiepenger og omsorgspenger"],
                    ),
                ],
            ),
            (
                "Skole og barnehage under og etter sykehusopphold",
                "Tilrettelegging når barnet er tilbake.",
                "UDIR",
                [("Skolen får ikke vite hva barnet trenger når det kommer tilbake fra sykehuset.", [], [])],
            ),
        ],
    ),
}


def _d(value):
    return date.fromisoformat(value) if value else None


@transaction.atomic
def load_panels(ref: dict) -> dict:
    """The panel of Dødsfall og arv with its members and consultations, and the two journeys."""
    orgs, events = ref["orgs"], ref["events"]
    proposals = {p.title: p for p in Proposal.objects.filter(is_illustrative=True).only("pk", "title")}
    measures = {m.title: m for m in Measure.objects.only("pk", "title")}
    panel, _ = upsert(
        UserPanel,
        life_event=events[PANEL["life_event"]],
        name=PANEL["name"],
        defaults={
            "coordinator": orgs[PANEL["coordinator"]],
            "description": PANEL["description"],
            "is_illustrative": True,
        },
    )
    for name, email, phone, given, recruited_by, withdrawn in MEMBERS:
        upsert(
            PanelMember,
            panel=panel,
            name=name,
            defaults={
                "email": email,
                "phone": phone,
                "consent_given_on": _d(given),
                "consent_purpose": PURPOSE,
                "consent_withdrawn_on": _d(withdrawn),
                "recruited_by": orgs[recruited_by],
                "is_illustrative": True,
            },
        )
    for day, method, topic, participants, findings, on_proposals, on_measures in CONSULTATIONS:
        consultation, _ = upsert(
            Consultation,
            panel=panel,
            topic=topic,
            defaults={"date": _d(day), "method": method, "participants": participants, "findings": findings,
                      "is_illustrative": True},
        )  # fmt: skip
        consultation.proposals.set([proposals[t] for t in on_proposals if t in proposals])
        consultation.measures.set([measures[t] for t in on_measures if t in measures])
    journeys = {}
    for slug, (title, description, source, steps) in JOURNEYS.items():
        journey, _ = upsert(
            UserJourney,
            life_event=events[slug],
            title=title,
            defaults={"description": description, "source": source, "is_illustrative": True},
        )
        for position, (step_title, does, agency, points) in enumerate(steps, start=1):
            step, _ = upsert(
                JourneyStep,
                journey=journey,
                position=position,
                defaults={"title": step_title, "description": does, "agency": orgs[agency]},
            )
            for text, on_proposals, on_measures in points:
                point, _ = upsert(PainPoint, step=step, description=text, defaults={"source": source})
                point.proposals.set([proposals[t] for t in on_proposals if t in proposals])
                point.measures.set([measures[t] for t in on_measures if t in measures])
        journeys[slug] = journey
    return {"panel": panel, "journeys": journeys}
