"""The vocabulary and proportions of the synthetic portfolio: names, texts, status weights."""

from __future__ import annotations

from datetime import UTC, datetime

from portfolio.choices import (
    CriterionAxis,
    ProposalStatus,
)

SYNTHETIC = "syntetisk"
USER_PREFIX = "syn-"
BASE_TIME = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)

ACTIONS = [
    "Digital søknad om",
    "Automatisk saksbehandling av",
    "Felles veiledning om",
    "Sammenhengende tjeneste for",
    "Proaktiv varsling om",
    "Forenklet innrapportering av",
    "Deling av data om",
    "Chatbot for spørsmål om",
    "Selvbetjening for",
    "Samordnet oppfølging ved",
    "Felles innsyn i",
    "Én inngang til",
]
SUBJECTS = [
    "bostøtte",
    "dødsfall og arv",
    "startlån",
    "barnehageplass",
    "sykepenger",
    "uføretrygd",
    "foreldrepenger",
    "flytting",
    "samlivsbrudd",
    "arbeidsledighet",
    "alderspensjon",
    "førerkort",
    "byggesøknad",
    "oppstart av bedrift",
    "alvorlig sykdom",
    "barn med behov for ekstra oppfølging",
    "studiestøtte",
    "bosetting av flyktninger",
    "tannhelse",
    "omsorgslønn",
    "hjelpemidler",
    "skattekort",
]
GROUPS = [
    "unge voksne",
    "eldre",
    "enslige forsørgere",
    "pårørende",
    "personer med nedsatt funksjonsevne",
    "nyankomne innvandrere",
    "gründere",
    "kommunene",
    "saksbehandlere",
    "familier med små barn",
    "studenter",
]
NEEDS = [
    "I dag må {g} kontakte flere etater for å ordne {s}, og de samme opplysningene oppgis flere ganger.",
    "Mange {g} vet ikke at de har rett på hjelp ved {s}, og søker for sent eller ikke i det hele tatt.",
    "Saksbehandlingen av {s} tar lang tid fordi dokumentasjon sendes på papir mellom {g} og forvaltningen.",
    "Informasjonen om {s} er spredt på mange nettsteder, og {g} opplever den som vanskelig å forstå.",
]
SOLUTIONS = [
    "Vi foreslår å gjenbruke data fra Folkeregisteret og A-ordningen slik at søknaden forhåndsutfylles.",
    "En felles løsning på tvers av etatene der brukeren ser status for alle saker på ett sted.",
    "Et eksperiment med klarspråk og brukertesting før en eventuell nasjonal innføring.",
    "Automatisk vedtak der regelverket tillater det, og manuell behandling bare for de vanskelige sakene.",
]
ORG_STEMS = [
    "Direktoratet for",
    "Etaten for",
    "Tilsynet for",
    "Senteret for",
    "Kontoret for",
    "Forvaltningen av",
]
ORG_TOPICS = [
    "digital samhandling",
    "velferd",
    "bolig",
    "familie",
    "helsetjenester",
    "utdanning",
    "skatt og avgift",
    "arbeid og inkludering",
    "trygd",
    "kommunal tjenesteyting",
    "innovasjon",
    "eiendom",
]
CRITERIA = [
    ("Gevinst for brukerne", CriterionAxis.POTENTIAL, 3),
    ("Samfunnsøkonomisk potensial", CriterionAxis.POTENTIAL, 2),
    ("Gjenbruk på tvers", CriterionAxis.POTENTIAL, 1),
    ("Teknisk kompleksitet", CriterionAxis.COMPLEXITY, 2),
    ("Regelverk og juss", CriterionAxis.COMPLEXITY, 1),
]
# How the generated proposals spread over the statuses (weights).
STATUS_WEIGHTS = {
    ProposalStatus.DRAFT: 6,
    ProposalStatus.SUBMITTED: 18,
    ProposalStatus.HARMONISING: 14,
    ProposalStatus.ASSESSING: 16,
    ProposalStatus.DECIDING: 8,
    ProposalStatus.DECIDED: 14,
    ProposalStatus.WITHDRAWN: 4,
    ProposalStatus.MERGED: 4,
    ProposalStatus.NOT_QUALIFIED: 6,
    ProposalStatus.DEFERRED: 5,
    ProposalStatus.REJECTED: 5,
}
ASSESSED = {
    ProposalStatus.ASSESSING,
    ProposalStatus.DECIDING,
    ProposalStatus.DECIDED,
    ProposalStatus.DEFERRED,
    ProposalStatus.REJECTED,
}
