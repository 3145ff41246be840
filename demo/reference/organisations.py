"""The actors named in the source documents (DFØ-notat 2021:1, Digdir's mission case, the Stimulab project).

Each row: key, name, short name, kind, parent ministry key, organisation number. The parent ministry of each agency
and the organisation numbers are public facts from the Central Coordinating Register (Enhetsregisteret), not from the
notes; numbers are only given where known (they pass the MOD11 check). The three "groups" of Table 1 (DSOP,
Finansaktører, Faggruppe for tjenestekjeder i KD) are stored as organisations so they can take part in a life event.
"""

MINISTRY, AGENCY, MUNICIPALITY, KS, VOLUNTARY, PRIVATE, SUPPLIER = (
    "ministry",
    "agency",
    "municipality",
    "ks",
    "voluntary",
    "private",
    "supplier",
)

ORGANISATIONS: list[tuple[str, str, str, str, str | None, str]] = [
    # ministries
    ("ASD", "Arbeids- og sosialdepartementet", "ASD", MINISTRY, None, ""),
    ("HOD", "Helse- og omsorgsdepartementet", "HOD", MINISTRY, None, ""),
    ("KD", "Kunnskapsdepartementet", "KD", MINISTRY, None, ""),
    ("NFD", "Nærings- og fiskeridepartementet", "NFD", MINISTRY, None, ""),
    ("KMD", "Kommunal- og moderniseringsdepartementet", "KMD", MINISTRY, None, ""),
    ("KUD", "Kulturdepartementet", "KUD", MINISTRY, None, ""),
    ("BFD", "Barne- og familiedepartementet", "BFD", MINISTRY, None, ""),
    ("FIN", "Finansdepartementet", "FIN", MINISTRY, None, ""),
    ("JD", "Justis- og beredskapsdepartementet", "JD", MINISTRY, None, ""),
    ("SD", "Samferdselsdepartementet", "SD", MINISTRY, None, ""),
    ("KD-FAGGRUPPE", "Faggruppe for tjenestekjeder i KD", "", MINISTRY, "KD", ""),
    # agencies
    ("NAV", "Arbeids- og velferdsetaten", "NAV", AGENCY, "ASD", "889640782"),
    ("HDIR", "Helsedirektoratet", "HDIR", AGENCY, "HOD", "983544622"),
    ("EHELSE", "Direktoratet for e-helse", "", AGENCY, "HOD", ""),
    ("STATPED", "Statped", "", AGENCY, "KD", ""),
    ("UDIR", "Utdanningsdirektoratet", "UDIR", AGENCY, "KD", ""),
    ("BUFDIR", "Barne-, ungdoms- og familiedirektoratet", "Bufdir", AGENCY, "BFD", ""),
    ("IMDI", "Integrerings- og mangfoldsdirektoratet", "IMDi", AGENCY, "KD", ""),
    ("DIGDIR", "Digitaliseringsdirektoratet", "Digdir", AGENCY, "KMD", "991825827"),
    ("DFO", "Direktoratet for forvaltning og økonomistyring", "DFØ", AGENCY, "KMD", "986252932"),
    ("UDI", "Utlendingsdirektoratet", "UDI", AGENCY, "JD", "974760746"),
    ("BRREG", "Brønnøysundregistrene", "", AGENCY, "NFD", "974760673"),
    ("ARBEIDSTILSYNET", "Arbeidstilsynet", "", AGENCY, "ASD", ""),
    ("SKATT", "Skatteetaten", "", AGENCY, "FIN", "974761076"),
    ("SSB", "Statistisk sentralbyrå", "SSB", AGENCY, "FIN", "971526920"),
    ("KARTVERKET", "Kartverket", "", AGENCY, "KMD", "971040238"),
    ("SVV", "Statens vegvesen", "", AGENCY, "SD", "971032081"),
    ("DA", "Domstoladministrasjonen", "", AGENCY, "JD", ""),
    ("LOTTSTIFT", "Lotteri- og stiftelsestilsynet", "", AGENCY, "KUD", ""),
    ("DSOP", "Digital samhandling offentlig privat", "DSOP", AGENCY, None, ""),
    # municipal sector
    ("KS", "KS", "KS", KS, None, ""),
    ("FLEKKEFJORD", "Flekkefjord kommune", "", MUNICIPALITY, None, ""),
    # voluntary sector and private actors
    ("FRIVILLIGHET", "Frivillighet Norge", "", VOLUNTARY, None, ""),
    ("LNU", "Landsrådet for Norges barne- og ungdomsorganisasjoner", "LNU", VOLUNTARY, None, ""),
    ("INNSAMLINGSRAD", "Norges innsamlingsråd", "", VOLUNTARY, None, ""),
    ("FUNDRAISING", "Fundraising Norge", "", VOLUNTARY, None, ""),
    ("FINANS", "Finansaktører", "", PRIVATE, None, ""),
    # suppliers named in the Stimulab sources
    ("RAMBOLL", "Rambøll", "", SUPPLIER, None, ""),
    ("HALOGEN", "Halogen", "", SUPPLIER, None, ""),
    ("AGENDA", "Agenda Kaupang", "", SUPPLIER, None, ""),
    ("HOLTE", "Holte Consulting", "", SUPPLIER, None, ""),
    ("EGGS", "EGGS Design", "", SUPPLIER, None, ""),
    ("PROBA", "Proba samfunnsanalyse", "", SUPPLIER, None, ""),
]
