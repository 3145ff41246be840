"""ILLUSTRATIVE quality checks of the two missions (issue 22): the office's review against the five criteria of
Digdir's case «Missions i livshendelsene», each judgement built from what the case says of the two life events.

Alvorlig sykt barn «har formulert en konkret mission» with «ambisiøse, målbare og tidfestede mål» and a ten-year
portfolio (2022–2032) on a mission platform across actors: about right. Starte og drive en frivillig organisasjon «har
ikke utarbeidet en konkret mission, men har laget en missionfortelling»: bold and across sectors (the
transformation rig), but with no measurable, time-bound goal it is too broad to steer a portfolio by («En
mission-formulering kan fort bli alt for overordnet, eller alt for smått/detaljert»). The reviews are made by the
demo's office login through the service (audited) and say in their summary that they are illustrative. A mission that
already has a review is left alone (idempotent)."""

from django.db import transaction

from portfolio.models import MissionReview
from portfolio.services.mission_reviews import mission_review_create

ILLUSTRATIVE = "Illustrativ vurdering i demodataene, bygget på Digdirs case «Missions i livshendelsene»."

REVIEWS = {
    "alvorlig-sykt-barn": {
        "bold": "met",
        "bold_note": "Et felles samfunnsoppdrag for familier med alvorlig syke barn, med bred samfunnsrelevans.",
        "direction": "met",
        "direction_note": "Konkret mission med ambisiøse, målbare og tidfestede mål (sluttrapporten).",
        "realistic": "partly",
        "realistic_note": "Tiårig portefølje 2022–2032; målene er ambisiøse, og finansieringen er ikke avklart for "
        "hele perioden.",
        "across": "met",
        "across_note": "Missionplattformen samler etater, kommuner og helseforetak om samme mål.",
        "bottom_up": "met",
        "bottom_up_note": "Porteføljen tar imot tiltak fra mange aktører.",
        "scope": "right",
        "summary": "Omfanget passer til å styre porteføljen. " + ILLUSTRATIVE,
    },
    "starte-og-drive-en-frivillig-organisasjon": {
        "bold": "met",
        "bold_note": "Missionfortellingen beskriver en bred omstilling der privat, offentlig og frivillig sektor "
        "samarbeider.",
        "direction": "not_met",
        "direction_note": "Ingen konkret mission er formulert: verken målbare mål eller en tidsfrist.",
        "realistic": "partly",
        "realistic_note": "Kan ikke vurderes fullt uten målbare mål; generasjonene tas i aktørenes takt.",
        "across": "met",
        "across_note": "Transformasjonsriggen samler offentlig, privat og frivillig sektor.",
        "bottom_up": "met",
        "bottom_up_note": "Riggen åpner for løsninger fra mange aktører.",
        "scope": "too_broad",
        "summary": "Fortellingen er for overordnet til å styre porteføljen etter: formuler en konkret mission med "
        "målbare og tidfestede mål for neste generasjon. " + ILLUSTRATIVE,
    },
}


@transaction.atomic
def load_mission_reviews(missions, office) -> list[MissionReview]:
    """`missions`: the reference loader's missions by their first life event's slug; `office`: the office login."""
    made = []
    for slug, data in REVIEWS.items():
        mission = missions.get(slug)
        if mission is None or MissionReview.objects.filter(mission=mission).exists():
            continue
        made.append(mission_review_create(mission=mission, data=data, by=office))
    return made
