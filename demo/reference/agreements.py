"""The demo's collaboration agreement for Alvorlig sykt barn and generation plan for Starte og drive en frivillig
organisasjon (issue 22), built from what the sources say and flagged ILLUSTRATIVE where they say nothing.

From the sources: the agreement that closes «Starte sammen» defines funding, the division of roles and
responsibilities and the governance structure for phase 2, with the estimate of time, cost and people for it
(DFØ-notat 2021:1, ch. 2); Alvorlig sykt barn's actors are Table 1's (HOD owner; Helsedirektoratet and Direktoratet
for e-helse executing; KS, NAV … collaborating), with lines of governance at every level between HDIR, Direktoratet
for e-helse, NAV and KS; its mission platform proposes a ten-year portfolio (2022–2032) owned jointly by the agencies
and a portfolio office (Digdir's mission case). Starte og drive en frivillig organisasjon replaces a classic roadmap
with a «generational» one: each generation a whole concept from missions via the portfolio to the arena; the first
steps: an interim orchestrator, an interim core group, getting to know the building blocks and starting small; a
funding mechanism of 10–20 MNOK a year (the case). Every amount, year, date and confirmation is invented."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction

from governance import agreements as services
from governance.agreement_models import (
    AgreementFunding,
    AgreementParty,
    AgreementResponse,
    AgreementStatus,
    AgreementVersion,
    CollaborationAgreement,
)
from governance.generation_models import Generation
from governance.models import GovernanceBody
from lifeevents.choices import PlanningMode
from portfolio.models import Measure

DFO = "DFØ-notat 2021:1"
CASE = "Digdir: Missions i livshendelsene (case)"
ASB = "alvorlig-sykt-barn"
SDF = "starte-og-drive-en-frivillig-organisasjon"

AGREEMENT_TITLE = "Samarbeidsavtale for Alvorlig sykt barn – fase 2 (illustrativ)"
PURPOSE = (
    "Avtalen avslutter fasen «Starte sammen» og forplikter partene til å forme livshendelsen sammen i fase 2 "
    "(«Forme sammen»): en missionsinspirert, langsiktig og tverrsektoriell innsats for familier med alvorlig syke "
    "barn. Beløp, år og bekreftelser er illustrative."
)
GOVERNANCE = (
    "Missionplattformen eies av de berørte statlige etatene i fellesskap. Et porteføljekontor i Helsedirektoratet "
    "forvalter porteføljen og rapporterer på målgruppens livskvalitet. Styringslinjer på alle nivåer mellom "
    "Helsedirektoratet, Direktoratet for e-helse, NAV og KS (DFØ-notat 2021:1); Helse- og omsorgsdepartementet "
    "følger arbeidet i styringsdialogen."
)
NEXT_PHASE = (
    "Fase 2 skal tydeliggjøre innholdet i livshendelsen: prioritere tiltak i innovasjonsporteføljen, løse spørsmål om "
    "regelverk og finansiering sammen med departementene, og etablere porteføljekontoret."
)
# (organisation key, roles and responsibilities)
PARTIES = [
    ("HDIR", "Leder arbeidet med livshendelsen og etablerer porteføljekontoret; sekretariat for styringsgruppen."),
    ("EHELSE", "Ansvar for nasjonale e-helseløsninger i porteføljen og for arkitektur og informasjonsforvaltning."),
    ("NAV", "Ansvar for tiltak om pleiepenger, hjelpemidler og veiledning; deltar i styringsgruppen."),
    ("KS", "Representerer kommunene og sikrer at kommunale tjenester og Flekkefjord kommunes erfaringer er med."),
]
# (organisation key, year, amount): invented
FUNDING = [
    ("HDIR", 2023, 4_000_000),
    ("HDIR", 2024, 4_500_000),
    ("EHELSE", 2023, 2_000_000),
    ("EHELSE", 2024, 2_000_000),
    ("NAV", 2023, 1_500_000),
    ("NAV", 2024, 2_000_000),
    ("KS", 2023, 500_000),
    ("KS", 2024, 500_000),
]
BODIES = ["Missionplattformen – Alvorlig sykt barn", "Porteføljekontor – Alvorlig sykt barn (foreslått)"]
NAV_INCREASE = 2_500_000  # version 2: NAV's 2024 commitment raised (illustrative), awaiting NAV's own confirmation

GENERATIONS = [
    {
        "number": 1,
        "name": "Starte på nytt sammen",
        "start_year": 2022,
        "end_year": 2023,
        "state": "in_progress",
        "concept": "Utnevn en orkestrator og etabler en kjernegruppe, begge som interimløsninger, med medlemmer fra "
        "styringsgruppen og programgruppen. Bearbeid rapporten og reflekter sammen over hvordan arbeidet kan "
        "fortsette – «starte på nytt sammen».",
        "building_blocks": "Felles medlemsregister for små lag\nStyrevervregister for organisasjoner",
        "arena": "Kjernegruppen: Frivillighet Norge, Fundraising Norge, Kulturdepartementet, "
        "Brønnøysundregistrene og KS.",
        "legacy": "En kjernegruppe med en orkestrator, kjennskap til byggesteinene og en første prioritering av "
        "tiltak.",
        "measures": [
            "Byggestein: felles medlemsregister for små lag",
            "Byggestein: styrevervregister for organisasjoner",
        ],
    },
    {
        "number": 2,
        "name": "Begynne i det små og vise verdi",
        "start_year": 2024,
        "end_year": 2026,
        "state": "planned",
        "concept": "Bli kjent med byggesteinene og prioriter tiltak. Begynn i det små; det viktige er å vise verdi for "
        "frivillig sektor. Byggesteinene føres gjennom innhenting, utforskning, sandkasse og lansering.",
        "building_blocks": "Sandkasse for innsamlingsregler\nTilskuddsportal for frivilligheten",
        "arena": "Innovasjonsøkosystemet med frivillig sektors behov i sentrum; en finansieringsmekanisme for "
        "porteføljen på 10–20 mill. kr i året utredes.",
        "legacy": "Byggesteiner som har vist verdi, klare for skalering, og en avklart finansieringsmekanisme.",
        "measures": ["Byggestein: sandkasse for innsamlingsregler", "Byggestein: tilskuddsportal for frivilligheten"],
    },
    {
        "number": 3,
        "name": "Skalere og implementere",
        "start_year": 2027,
        "end_year": 2030,
        "state": "planned",
        "concept": "Løsninger som gir verdi for frivillig sektor skaleres og implementeres. Innovasjonsøkosystemet "
        "sørger for et helhetlig blikk; løsningene forvaltes av de ulike aktørene i økosystemet.",
        "building_blocks": "",
        "arena": "En «markedsplass» for tjenester utviklet av privat sektor; kjernegruppen avklarer hva som løses i "
        "privat-offentlig, privat-frivillig eller privat-offentlig-sivilt samarbeid.",
        "legacy": "Forvaltning hos linjeorganisasjonene og et økosystem som kan ta imot neste generasjons behov.",
        "measures": [],
    },
]


def _confirm(party: AgreementParty, when: datetime) -> None:
    AgreementResponse.objects.create(
        party=party,
        kind="confirmed",
        by_name=f"Illustrativ representant, {party.organisation.label}",
        is_illustrative=True,
    )
    AgreementResponse.objects.filter(party=party).update(created_at=when)


def _version(agreement, number: int, orgs, bodies, nav_2024: int) -> AgreementVersion:
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        purpose=PURPOSE,
        governance_structure=GOVERNANCE,
        next_phase_months=24,
        next_phase_cost=Decimal(17_000_000),
        next_phase_person_years=Decimal("9.5"),
        next_phase_note=NEXT_PHASE,
        change_note="NAV øker sin finansiering for 2024 (illustrativt)." if number > 1 else "",
        is_illustrative=True,
        status=AgreementStatus.SENT,
        sent_at=datetime(2023, 1, 10 + number, tzinfo=UTC),
    )
    version.bodies.set(bodies)
    parties = {}
    for order, (key, roles) in enumerate(PARTIES):
        parties[key] = AgreementParty.objects.create(
            version=version, organisation=orgs[key], roles=roles, sort_order=order
        )
    for key, year, amount in FUNDING:
        amount = nav_2024 if (key, year) == ("NAV", 2024) else amount
        AgreementFunding.objects.create(version=version, party=parties[key], year=year, amount=Decimal(amount))
    return version


@transaction.atomic
def load_agreement(orgs, events) -> AgreementVersion | None:
    """Version 1 in force (every party confirmed: illustrative); version 2 (NAV's raised commitment) confirmed by
    all but NAV, so the demo's NAV login can confirm it and bring it into force. Skipped when the agreement exists."""
    event = events[ASB]
    if CollaborationAgreement.objects.filter(life_event=event).exists():
        return None
    agreement = CollaborationAgreement.objects.create(life_event=event, title=AGREEMENT_TITLE)
    bodies = list(GovernanceBody.objects.filter(name__in=BODIES))
    v1 = _version(agreement, 1, orgs, bodies, nav_2024=2_000_000)
    for party in v1.parties.select_related("organisation"):
        _confirm(party, datetime(2023, 2, 1, tzinfo=UTC))
    services._bring_into_force(v1, by=None)  # the commitments, the bodies and the PDF, as when the last party confirms
    v2 = _version(agreement, 2, orgs, bodies, nav_2024=NAV_INCREASE)
    for party in v2.parties.select_related("organisation").exclude(organisation=orgs["NAV"]):
        _confirm(party, datetime(2023, 9, 1, tzinfo=UTC))
    return v2


@transaction.atomic
def load_generations(events, missions) -> list[Generation]:
    event = events[SDF]
    if event.planning_mode != PlanningMode.GENERATIONS:
        event.planning_mode = PlanningMode.GENERATIONS
        event.save(update_fields=["planning_mode", "updated_at"])
    made = []
    for data in GENERATIONS:
        fields = {k: v for k, v in data.items() if k not in ("number", "measures")}
        generation, _created = Generation.objects.update_or_create(
            life_event=event,
            number=data["number"],
            defaults={**fields, "is_illustrative": True, "source": f"{CASE} (stegene); år og innhold illustrative"},
        )
        generation.measures.set(Measure.objects.filter(title__in=data["measures"]))
        if SDF in missions:
            generation.missions.set([missions[SDF]])
        made.append(generation)
    return made
