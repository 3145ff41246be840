"""The loaded demo data reproduces DFØ-notat 2021:1, Tables 1–4, and the loader is idempotent and safe."""

import pytest
from django.core.management import CommandError, call_command

from core.models import Organisation, User
from governance.lifeevent_tables import allocation_table, funding_table
from governance.models import AllocationMention, Funding
from lifeevents.models import LifeEvent, MissionApproach, Participation, SupportingActivity
from lifeevents.queries import actor_table
from portfolio.models import Benefit, Criterion, Dependency, Measure, Mission, Proposal

pytestmark = pytest.mark.django_db

# Table 1 as printed (names spelled out where the table abbreviates them).
TABLE_1 = {
    "Få barn": (
        "Arbeids- og sosialdepartementet",
        ["Arbeids- og velferdsetaten"],
        ["Barne- og familiedepartementet", "Arbeids- og velferdsetaten", "KS"],
    ),
    "Alvorlig sykt barn": (
        "Helse- og omsorgsdepartementet",
        ["Helsedirektoratet", "Direktoratet for e-helse"],
        [
            "KS",
            "Arbeids- og velferdsetaten",
            "Statped",
            "Utdanningsdirektoratet",
            "Flekkefjord kommune",
            "Barne-, ungdoms- og familiedirektoratet",
        ],
    ),
    "Miste og finne jobb": ("Arbeids- og sosialdepartementet", ["Arbeids- og velferdsetaten"], ["KS"]),
    "Ny i Norge": (
        "Kunnskapsdepartementet",
        ["Integrerings- og mangfoldsdirektoratet"],
        [
            "KS",
            "Digitaliseringsdirektoratet",
            "Direktoratet for forvaltning og økonomistyring",
            "Utlendingsdirektoratet",
            "Arbeids- og velferdsetaten",
            "Faggruppe for tjenestekjeder i KD",
        ],
    ),
    "Starte og drive en bedrift": (
        "Nærings- og fiskeridepartementet",
        ["Brønnøysundregistrene"],
        [
            "Arbeidstilsynet",
            "Digitaliseringsdirektoratet",
            "Direktoratet for forvaltning og økonomistyring",
            "Skatteetaten",
            "Statistisk sentralbyrå",
        ],
    ),
    "Dødsfall og arv": (
        "Kommunal- og moderniseringsdepartementet",
        ["Digitaliseringsdirektoratet"],
        [
            "Digital samhandling offentlig privat",
            "Kartverket",
            "Arbeids- og velferdsetaten",
            "Skatteetaten",
            "Statens vegvesen",
            "Domstoladministrasjonen",
            "Finansaktører",
            "Barne- og familiedepartementet",
        ],
    ),
    "Starte og drive en frivillig organisasjon": (
        "Kulturdepartementet",
        [
            "Kulturdepartementet",
            "Direktoratet for forvaltning og økonomistyring",
            "Lotteri- og stiftelsestilsynet",
            "Brønnøysundregistrene",
        ],
        [
            "Barne-, ungdoms- og familiedirektoratet",
            "Frivillighet Norge",
            "Landsrådet for Norges barne- og ungdomsorganisasjoner",
            "Norges innsamlingsråd",
        ],
    ),
}

# Table 3 as printed: life event, agency, role, «Omtalt», «Fått oppdrag», «Varsel/info om oppdrag».
E, C = "executing_agency", "collaborator"
TABLE_3 = [
    ("Få barn", "NAV", E, "Ja", "", "x"),
    ("Alvorlig sykt barn", "HDIR", E, "Ja", "x", ""),
    ("Alvorlig sykt barn", "Direktoratet for e-helse", E, "Ja", "x", ""),
    ("Alvorlig sykt barn", "NAV", C, "Nei", "", ""),
    ("Alvorlig sykt barn", "Statped", C, "Nei", "", ""),
    ("Alvorlig sykt barn", "UDIR", C, "Ja", "x", ""),
    ("Miste og finne jobb", "NAV", E, "Ja", "", "x"),
    ("Ny i Norge", "IMDi", E, "Ja", "x", ""),
    ("Ny i Norge", "Digdir", C, "Nei", "", ""),
    ("Ny i Norge", "DFØ", C, "(Nei)*", "", ""),
    ("Ny i Norge", "UDI", C, "Nei", "", ""),
    ("Ny i Norge", "NAV", C, "Nei", "", ""),
    ("Starte og drive en bedrift", "Brønnøysundregistrene", E, "Ja", "x", ""),
    ("Starte og drive en bedrift", "Arbeidstilsynet", C, "(Nei)*", "", "x"),
    ("Starte og drive en bedrift", "Digdir", C, "Nei", "", ""),
    ("Starte og drive en bedrift", "DFØ", C, "(Nei)*", "", ""),
    ("Starte og drive en bedrift", "Skatteetaten", C, "Nei", "", ""),
    ("Starte og drive en bedrift", "SSB", C, "Nei", "", ""),
    ("Dødsfall og arv", "Digdir", E, "Ja", "x", ""),
    ("Dødsfall og arv", "Kartverket", C, "Ja", "", "x"),
    ("Dødsfall og arv", "NAV", C, "Nei", "", ""),
    ("Dødsfall og arv", "Skatteetaten", C, "Nei", "", ""),
    ("Dødsfall og arv", "Statens vegvesen", C, "Nei", "", ""),
    ("Dødsfall og arv", "Domstoladministrasjonen", C, "(Nei)*", "", ""),
    ("Starte og drive en frivillig organisasjon", "DFØ", E, "(Nei)*", "", ""),
    ("Starte og drive en frivillig organisasjon", "Lotteri- og stiftelsestilsynet", E, "(Nei)*", "", ""),
    ("Starte og drive en frivillig organisasjon", "Brønnøysundregistrene", E, "Ja", "", "x"),
    ("Starte og drive en frivillig organisasjon", "Bufdir", C, "Ja", "", "x"),
]

TABLE_4 = [
    ("Få barn", "none", "Nei", set()),
    ("Alvorlig sykt barn", "partial", "Delvis (StimuLab og ekstrabevilgning fra stortinget)", {"stimulab", "extra"}),
    ("Miste og finne jobb", "none", "Nei", set()),
    ("Ny i Norge", "partial", "Delvis (Driftsmidler i tildelingsbrev)", {"allocation"}),
    (
        "Starte og drive en bedrift",
        "partial",
        "Delvis (StimuLab til en understøttende aktivitet og ekstra driftsmidler i tildelingsbrev til et prosjekt)",
        {"stimulab", "allocation"},
    ),
    ("Dødsfall og arv", "partial", "Delvis (Medfinansieringsordningen)", {"cofunding"}),
    (
        "Starte og drive en frivillig organisasjon",
        "full",
        "Ja (Medfinansieringsordningen og StimuLab)",
        {"cofunding", "stimulab"},
    ),
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)


@pytest.fixture
def reference(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("load_demo", "--reference-only")


def names(orgs):
    return [o.name for o in orgs]


def test_seven_life_events_in_the_order_of_table_1(reference):
    assert [e.name_nb for e in LifeEvent.objects.order_by("sort_order")] == list(TABLE_1)


def test_table_1_owner_executing_agencies_and_collaborators(reference):
    table = {LifeEvent.objects.get(slug=slug).name_nb: row for slug, row in actor_table().items()}
    assert set(table) == set(TABLE_1)
    for event, (owner, executing, collaborators) in TABLE_1.items():
        row = table[event]
        assert row.owner.name == owner, event
        assert names(row.executing) == executing, event
        assert names(row.collaborators) == collaborators, event
        assert LifeEvent.objects.get(name_nb=event).owner_ministry.name == owner


def test_table_2_supporting_activities(reference):
    activities = {
        e.name_nb: [a.name for a in SupportingActivity.objects.filter(life_event=e).order_by("pk")]
        for e in LifeEvent.objects.all()
    }
    assert activities["Miste og finne jobb"] == ["Arbeidsplassen.no", "Digitalisering av sykefraværsoppfølging"]
    assert activities["Dødsfall og arv"] == ["DSOP-prosjektet «Oppgjør etter dødsfall»"]
    assert activities["Ny i Norge"] == ["Innsiktsrapport: «Det skal være enkelt å være Ny i Norge»"]
    assert len(activities["Alvorlig sykt barn"]) == 11
    assert "Strategi for sjeldne diagnoser" in activities["Alvorlig sykt barn"]
    assert len(activities["Starte og drive en bedrift"]) == 9
    assert activities["Starte og drive en frivillig organisasjon"][1:3] == ["Frivillighetsregisteret", "Digitilskudd"]
    delivering = set(SupportingActivity.objects.filter(phase="deliver").values_list("name", flat=True))
    assert delivering == {"Frivillighetsregisteret", "Digitilskudd", "DSOP-prosjektet «Oppgjør etter dødsfall»"}


def test_table_3_row_by_row(reference):
    table = allocation_table(2020)
    got = [
        (
            m.life_event.name_nb,
            m.letter.agency.label,
            m.actor_role,
            m.raw_text,
            "x" if m.assignment else "",
            "x" if m.notice else "",
        )
        for m in table.rows
    ]
    assert got == TABLE_3
    for m in table.rows:  # every letter goes from the agency's own ministry
        assert m.letter.ministry == m.letter.agency.parent and m.letter.year == 2020


def test_table_3_sum_row_and_footnote_case(reference):
    table = allocation_table(2020)
    assert (table.mentioned, table.assignments, table.notices) == (11, 6, 6)
    footnoted = AllocationMention.objects.filter(raw_text="(Nei)*")
    assert footnoted.count() == 6 and set(footnoted.values_list("value", flat=True)) == {"no_related"}
    arbeidstilsynet = footnoted.get(letter__agency__name="Arbeidstilsynet")
    assert arbeidstilsynet.notice and not arbeidstilsynet.assignment
    assert AllocationMention.objects.filter(letter__agency__name="Brønnøysundregistrene").count() == 2


def test_table_4_funding_status(reference):
    got = [
        (e.name_nb, e.funding_status, e.funding_summary, {f.source.kind for f in e.own_fundings})
        for e in funding_table()
    ]
    assert got == TABLE_4
    assert not Funding.objects.filter(life_event__funding_status="none").exists()


def test_digdir_mission_approaches_and_stimulab_project(reference):
    asb = MissionApproach.objects.get(life_event__slug="alvorlig-sykt-barn")
    sdf = MissionApproach.objects.get(life_event__slug="starte-og-drive-en-frivillig-organisasjon")
    assert asb.has_concrete_mission and not sdf.has_concrete_mission
    assert (sdf.funding_min_per_year, sdf.funding_max_per_year) == (10_000_000, 20_000_000)
    mission = Mission.objects.get(life_events__slug="alvorlig-sykt-barn")
    assert (mission.portfolio_start, mission.portfolio_end) == (2022, 2032) and not mission.is_illustrative
    core = Organisation.objects.filter(bodymembership__body__kind="core_group").values_list("name", flat=True)
    assert set(core) == {
        "Frivillighet Norge",
        "Fundraising Norge",
        "Kulturdepartementet",
        "Brønnøysundregistrene",
        "KS",
    }
    stimulab = Measure.objects.get(title="Tverrsektoriell styring og utvikling av sammenhengende tjenester")
    assert stimulab.owner.name == "Skatteetaten" and not stimulab.is_illustrative
    assert {"Arbeids- og velferdsetaten", "Brønnøysundregistrene"} <= set(names(stimulab.participants.all()))
    assert {e.slug for e in stimulab.life_events.all()} == {"starte-og-drive-en-bedrift", "miste-og-finne-jobb"}
    assert str(stimulab.start_date) == "2021-10-01" and str(stimulab.end_date) == "2023-03-31"


def test_reference_only_creates_no_users_and_nothing_illustrative(reference):
    assert not User.objects.exists()
    assert not Proposal.objects.exists()
    assert not Measure.objects.filter(is_illustrative=True).exists()
    assert not Organisation.objects.filter(is_illustrative=True).exists()


def test_refuses_demo_users_when_debug_and_demo_mode_are_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")
    assert not User.objects.exists() and not LifeEvent.objects.exists()


def test_demo_users_and_flagged_illustrative_portfolio(demo):
    users = {u.username: u for u in User.objects.select_related("organisation")}
    assert users["agency"].role == "agency_staff" and users["agency"].organisation.short_name == "NAV"
    assert users["office"].role == "portfolio_office" and users["office"].organisation.short_name == "Digdir"
    assert users["ministry"].organisation.name == "Arbeids- og sosialdepartementet"
    assert {e.slug for e in users["ministry"].organisation.owned_life_events.all()} == {
        "fa-barn",
        "miste-og-finne-jobb",
    }
    assert users["admin"].is_superuser and users["admin"].check_password("demo")
    assert Proposal.objects.filter(is_illustrative=True).count() == 40
    assert Proposal.objects.filter(is_illustrative=False).count() == 0
    assert len(set(Proposal.objects.values_list("status", flat=True))) >= 10
    assert Measure.objects.filter(is_illustrative=True).count() == 25
    assert Benefit.objects.filter(is_disbenefit=True).exists()
    assert Dependency.objects.count() >= 5
    assert Criterion.objects.count() == 7
    assert Measure.objects.filter(status="terminated").exclude(termination_reason="").count() == 2


def test_load_demo_is_idempotent(demo):
    def snapshot():
        models = [
            Organisation,
            LifeEvent,
            Participation,
            SupportingActivity,
            AllocationMention,
            Funding,
            Measure,
            Proposal,
            Benefit,
            Dependency,
            User,
            Criterion,
        ]
        return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}

    def stamps():
        return [
            sorted(model.objects.values_list("pk", "updated_at"))
            for model in (Organisation, LifeEvent, Measure, Proposal, Mission)
        ]

    before, before_stamps = snapshot(), stamps()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("load_demo")
    assert snapshot() == before
    assert stamps() == before_stamps  # nothing was even re-saved
    assert dict(User.objects.values_list("username", "password")) == passwords
