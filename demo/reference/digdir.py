"""Digdir's case «Missions i livshendelsene», the Stimulab project on cross-sector governance, and the governance
bodies the DFØ note describes. Quotations are the sources' own words; nothing here is invented."""

CASE = "Digdir: Case – Missions i livshendelsene"
STIMULAB = "Digdir: Stimulab – Tverrsektoriell styring og utvikling av sammenhengende tjenester"
DFO = "DFØ-notat 2021:1"

# One column each of Stimulab's comparison table «Sammenlikning av missions-tilnærming i de to livshendelsene».
MISSION_APPROACHES = {
    "alvorlig-sykt-barn": {
        "name": "Missionplattform",
        "overall_approach": "ASB beskriver sin tilnærming som en «mission-plattform» som er deres tilnærming til "
        "mission som arbeidsform.",
        "mission_formulation": "Har formulert en konkret mission, i tillegg til en missionfortelling.",
        "has_concrete_mission": True,
        "innovation_portfolio": "Plattformen består av en tiårig (2022-2032) innovasjonsportefølje som eies av de "
        "berørte statlige etatene i fellesskap, og som drives gjennom en rammebevilgning som disse forvalter.",
        "organisation": "Et av direktoratene etablerer et porteføljekontor som blir den operative enheten som "
        "forvalter porteføljen, kunnskapen som genereres, og regimet for måling og rapportering av målgruppens "
        "livskvalitet. Porteføljekontoret må ha tilstrekkelig mandat, og de berørte etatene er forpliktet gjennom "
        "for eksempel tildelingsbrev.",
        "ecosystem": "",
        "private_sector": "Det er viktig også å mobilisere private aktører, herunder kommersielle interesser som "
        "tilbyr tjenester i markedet. Dersom private aktører blir en sentral eller dominerende mottaker av "
        "innovasjonsmidler, må privat sektor også representeres i styringsstrukturene.",
        "learning": "Porteføljen tar utgangspunkt i brukerbehov og igangsetter eksperimenter, prosjekter og tiltak "
        "som gir rask læring og beveger innsatsen mot målet. Eksperimenter og prosjekter som viser seg å treffe "
        "behov, skaleres videre til demonstratorer eller implementeres nasjonalt av ansvarlige linjeorganisasjoner. "
        "Eksperimenter og prosjekter som ikke gir verdi, avvikles.",
        "funding": "Viser til at det må utredes nærmere.",
        "funding_range": None,
    },
    "starte-og-drive-en-frivillig-organisasjon": {
        "name": "Rigg (transformasjonsriggen)",
        "overall_approach": "SDF beskriver sin tilnærming som en «rigg», en infrastruktur for å håndtere "
        "transformasjonen. I stedet for en klassisk veikarttenkning brukes et «generasjonelt» veikart: arbeid i "
        "etapper og i en takt som tilpasses aktørene; hver generasjon er et helhetlig konsept, fra missions via "
        "portefølje til arena, og samarbeid.",
        "mission_formulation": "Har ikke utarbeidet en konkret mission, men har laget en missionfortelling.",
        "has_concrete_mission": False,
        "innovation_portfolio": "Innovasjonsporteføljen er summen av økosystemets prioriterte tiltak. Den "
        "inneholder alle tiltak, blant annet basert på behov sett fra frivillig sektor, beskrevet som «byggesteiner».",
        "organisation": "Beskriver en orkestrator (leder) og en kjernegruppe (ledergruppe) som et "
        "innovasjonsøkosystem. Steg mot ledelse av økosystemet: 1) utnevn en orkestrator – en interimløsning; "
        "2) etabler en kjernegruppe – en interimløsning; 3) bli kjent med byggesteinene, begynn i det små.",
        "ecosystem": "Et innovasjonsøkosystem som en ny samarbeidsform, som setter frivillig sektors behov i "
        "sentrum. Frivillighet Norge og Fundraising Norge har forvaltet frivillig sektors behov, mens "
        "Kulturdepartementet, Brønnøysundregistrene og KS har representert forvaltningen.",
        "private_sector": "Beskriver en «markedsplass» for tjenester utviklet av privat sektor.",
        "learning": "Byggesteinene går gjennom innhenting, utforskning/berikelse av problemforståelsen, sandkasse og "
        "lansering. Løsninger som gir verdi for frivillig sektor skal skaleres og implementeres.",
        "funding": "Foreslår en finansieringsmekanisme for innovasjonsporteføljen på 10 – 20 mill kr i året.",
        "funding_range": (10_000_000, 20_000_000),
    },
}

MISSIONS = [
    {
        "title": "Samfunnsoppdrag: Alvorlig sykt barn",
        "formerly": ["Alvorlig sykt barn – mission"],  # the title of earlier demo data, renamed in place
        "life_events": ["alvorlig-sykt-barn"],
        "statement": "Livshendelsen har formulert en konkret mission i sin sluttrapport (ordlyden er ikke gjengitt "
        "i kildedokumentene): «ambisiøse, målbare og tidfestede mål for hva som skal oppnås».",
        "narrative": "Å jobbe med missions handler om å definere ambisiøse, målbare og tidfestede mål for hva som "
        "skal oppnås – og deretter jobbe mot disse målene gjennom en bred mobilisering på tvers av aktører. "
        "Prosjektet har beskrevet sin tilnærming i vedlegget «Beskrivelse av missionplattformen» og en "
        "missionfortelling.",
        "portfolio": (2022, 2032),
        "deadline": "2032-12-31",
    },
    {
        "title": "Missionfortelling: Starte og drive en frivillig organisasjon",
        "formerly": ["Starte og drive en frivillig organisasjon – missionfortelling"],
        "life_events": ["starte-og-drive-en-frivillig-organisasjon"],
        "statement": "Ingen konkret mission er formulert; livshendelsen har laget en missionfortelling.",
        "narrative": "Samfunnet er i omstilling. Privat-, offentlig- og frivillig sektor skal få til en "
        "bærekraftig omstilling med mindre ressurser. «Transformasjonsriggen» åpner for at offentlig-, privat- og "
        "frivillig sektor samarbeider om å finne løsninger og bruker ressurser til rådighet mer effektivt.",
        "portfolio": None,
        "deadline": None,
    },
]

# Governance bodies: (key, name, kind, life events ("*" = all), mandate, source, [(member key, role)])
GOVERNANCE_BODIES = [
    (
        "tverrdep",
        "Tverrdepartemental gruppe for livshendelsene",
        "cross_ministerial",
        "*",
        "Nedsatt av KMD for å følge opp og samordne arbeidet med livshendelsene på departementsnivå: "
        "erfaringsdeling, løse praktiske spørsmål og tverrdepartementale hindringer. Digdir har sekretariatet.",
        DFO,
        [("KMD", "chair"), ("DIGDIR", "secretariat")],
    ),
    (
        "asb-plattform",
        "Missionplattformen – Alvorlig sykt barn",
        "mission_platform",
        ["alvorlig-sykt-barn"],
        "Foreslått stabil struktur for en større, langsiktig og tverrsektoriell innsats med en missionsinspirert "
        "tilnærming; en tiårig innovasjonsportefølje (2022–2032) eid av de berørte statlige etatene i fellesskap.",
        CASE,
        [],
    ),
    (
        "asb-kontor",
        "Porteføljekontor – Alvorlig sykt barn (foreslått)",
        "portfolio_office",
        ["alvorlig-sykt-barn"],
        "Et av direktoratene etablerer et porteføljekontor som forvalter porteføljen, kunnskapen som genereres, og "
        "regimet for måling og rapportering av målgruppens livskvalitet. Hvilket direktorat er ikke avgjort.",
        CASE,
        [],
    ),
    (
        "sdf-kjerne",
        "Kjernegruppe – Starte og drive en frivillig organisasjon (interim)",
        "core_group",
        ["starte-og-drive-en-frivillig-organisasjon"],
        "Opererer som en ledergruppe for innovasjonsøkosystemet og forvalter innovasjonsporteføljen. En av "
        "medlemmene bør få rollen som orkestrator (interimløsning); orkestratoren er ikke utpekt i kilden.",
        CASE,
        [
            ("FRIVILLIGHET", "member"),
            ("FUNDRAISING", "member"),
            ("KUD", "member"),
            ("BRREG", "member"),
            ("KS", "member"),
        ],
    ),
    (
        "dsop-styring",
        "Styringsgruppe – Oppgjør etter dødsfall",
        "steering_group",
        ["dodsfall-og-arv"],
        "Oppgjør etter dødsfall har etablert en styringsgruppe, prosjektgruppe og ulike faggrupper bestående av "
        "deltakende virksomheter og aktører.",
        DFO,
        [],
    ),
]

# Real measures from the sources: (title, description, kind, status, owner, participants, life events, start, end,
# source). Dates only where the source gives them.
MEASURES = [
    (
        "Tverrsektoriell styring og utvikling av sammenhengende tjenester",
        "Stimulab-prosjekt med utspring i program Fremtidens innkreving. Utforsket nye metoder og modeller for "
        "styring og utvikling og utviklet en prototype til en prosessmodell for dynamisk nyttestyring i fem trinn. "
        "Leverandører: Rambøll, Halogen, Agenda Kaupang og Holte Consulting. Har overføringsverdi for "
        "livshendelsene Starte og drive bedrift og Miste og finne jobb.",
        "project",
        "completed",
        "SKATT",
        ["NAV", "BRREG", "RAMBOLL", "HALOGEN", "AGENDA", "HOLTE"],
        ["starte-og-drive-en-bedrift", "miste-og-finne-jobb"],
        "2021-10-01",
        "2023-03-31",
        STIMULAB,
    ),
    (
        "Stimulab-prosjekt Alvorlig sykt barn",
        "Stimulab-prosjekt fra 2020 for livshendelsen overordnet, med EGGS Design, Agenda Kaupang og Proba "
        "samfunnsanalyse. Foreslo en missionplattform og et porteføljekontor.",
        "project",
        "completed",
        "HDIR",
        ["EHELSE", "NAV", "KS", "EGGS", "AGENDA", "PROBA"],
        ["alvorlig-sykt-barn"],
        None,
        None,
        CASE,
    ),
    (
        "Stimulab-prosjekt Starte og drive en frivillig organisasjon",
        "Stimulab-prosjekt fra 2020 for livshendelsen overordnet. Foreslo en rigg med orkestrator, kjernegruppe og "
        "byggesteiner, og en finansieringsmekanisme på 10–20 mill. kr i året.",
        "project",
        "completed",
        "BRREG",
        ["KUD", "FRIVILLIGHET", "FUNDRAISING", "KS"],
        ["starte-og-drive-en-frivillig-organisasjon"],
        None,
        None,
        CASE,
    ),
]
