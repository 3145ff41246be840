"""The portfolio's rules on one proposal's whole path, in Chromium and in bokmål (issue 16): two agencies (NAV and
Skatteetaten), two office users (Kari and Ola, Digdir) and two ministries (ASD, which owns the life event, and
Finansdepartementet) take one proposal from a call for proposals through a late submission and a merge, a blind
review with a stale save, a decision that names both ministries, and both ministries' answers.

Each user sees what the rules say at each point: the late mark, the facilitator rule with its reason, the merged
author's way to the proposal that carries their text, the scores hidden until every reviewer has submitted, the
conflict box that keeps the reviewer's choice, and the ministries' answers on the decision page for the office and
the agency."""

import datetime
import re
from functools import partial

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portfolio.models import CallForProposals, Proposal
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CriterionFactory, MeasureFactory

pytestmark = pytest.mark.browser

NEED = "Den som mister jobben, må fortelle det samme til NAV og Skatteetaten, og får brev fra begge."


def sign_in_as(page, browser_login, user) -> None:
    """Sign out whoever is signed in, and sign `user` in through the login form (office accounts type their code)."""
    page.context.clear_cookies()
    browser_login(user)


def fill_proposal(page, *, title: str, need: str) -> None:
    """The intake form (opened from a call): what every submitted proposal must say."""
    page.get_by_label("Tittel", exact=True).fill(title)
    page.get_by_label("Behovet, sett fra brukerens side").fill(need)
    page.get_by_label("Foreslått løsning").fill("Én melding til begge etatene, med samtykke.")
    page.get_by_label("Forventede gevinster").fill("Færre skjema og raskere utbetaling.")
    page.get_by_label("Hvem som får gevinstene").fill("Den som mister jobben; etatene sparer saksbehandling.")
    page.get_by_label("Miste og finne jobb").check()


def test_one_proposal_from_a_call_to_both_ministries_answers(page, browser_login, nav, other_agency, digdir, asd):
    sign_in = partial(sign_in_as, page, browser_login)
    fin = OrganisationFactory(name="Finansdepartementet", short_name="FIN", kind="ministry")
    LifeEventFactory(slug="miste-og-finne-jobb", name_nb="Miste og finne jobb", owner_ministry=asd)
    nina = UserFactory(username="nina", first_name="Nina", last_name="Nav", organisation=nav, role="agency_staff")
    sara = UserFactory(
        username="sara", first_name="Sara", last_name="Skatt", organisation=other_agency, role="agency_staff"
    )
    kari = UserFactory(
        username="kari", first_name="Kari", last_name="Kontor", organisation=digdir, role="portfolio_office"
    )
    ola = UserFactory(
        username="ola", first_name="Ola", last_name="Kontor", organisation=digdir, role="portfolio_office"
    )
    anne = UserFactory(username="anne", first_name="Anne", last_name="Asd", organisation=asd, role="ministry_official")
    finn = UserFactory(username="finn", first_name="Finn", last_name="Fin", organisation=fin, role="ministry_official")
    digdir_measure = MeasureFactory(title="Digdirs meldingsplattform", owner=digdir, status="ongoing")
    CriterionFactory(name="Brukernytte", axis="potential", weight=3)
    CriterionFactory(name="Kompleksitet", axis="complexity", weight=1)

    # ---- Step 1: Kari opens a call for proposals that takes late proposals, marked for the office. ----
    sign_in(kari)
    page.goto(reverse("portfolio:call_list"))
    page.get_by_role("link", name="Ny utlysning").click()
    expect(page.get_by_role("heading", name="Ny utlysning")).to_be_visible()
    page.get_by_label("Tittel", exact=True).fill("Sammenhengende tjenester når jobben forsvinner")
    page.get_by_label("Spørsmål").fill("Hvordan slipper den som mister jobben å fortelle det samme flere ganger?")
    page.get_by_role("combobox", name="Livshendelse").select_option(label="Miste og finne jobb")
    today = timezone.localdate()
    page.get_by_label("Åpner", exact=True).fill(today.isoformat())
    page.get_by_label("Frist", exact=True).fill(today.isoformat())
    page.get_by_label("Ta imot dem, merket som for sene for porteføljekontoret").check()
    page.get_by_role("button", name="Opprett utlysningen").click()
    expect(page.get_by_role("heading", name="Utlysninger", exact=True)).to_be_visible()
    call = CallForProposals.objects.get()

    # Nina (NAV) answers the call in time.
    sign_in(nina)
    page.goto(reverse("portfolio:call_list"))
    page.get_by_role("link", name=f"Send forslag til «{call.title}»").click()
    fill_proposal(page, title="Én melding ved tap av jobb", need=NEED)
    page.get_by_role("button", name="Send inn", exact=True).click()
    page.wait_for_url(re.compile(r"/forslag/\d+/$"))
    first = Proposal.objects.get(title="Én melding ved tap av jobb")
    expect(page.get_by_role("heading", name=first.title)).to_be_visible()
    expect(page.get_by_test_id("submitted-late")).to_have_count(0)

    # Sara (Skatteetaten) starts a near-copy the same day and saves it as a draft ...
    sign_in(sara)
    page.goto(reverse("portfolio:call_list"))
    page.get_by_role("link", name=f"Send forslag til «{call.title}»").click()
    fill_proposal(page, title="Felles melding når jobben forsvinner", need=NEED + " Skatteetaten trenger det samme.")
    # The hint shows NAV's submitted proposal (its public part) while she writes: the duplicate is seen at the source.
    expect(page.get_by_test_id(f"overlap-proposal-{first.pk}")).to_contain_text(first.title)
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(re.compile(r"/forslag/\d+/$"))
    second = Proposal.objects.get(title="Felles melding når jobben forsvinner")
    # ... the deadline passes (the call's dates are moved back a day: the calendar moves on) ...
    yesterday = today - datetime.timedelta(days=1)
    CallForProposals.objects.filter(pk=call.pk).update(opens_at=yesterday, deadline=yesterday)
    # ... and she submits it: the call takes it, marked late.
    page.get_by_role("button", name="Send inn forslaget").click()
    expect(page.locator("#messages")).to_be_visible()
    expect(page.get_by_test_id("submitted-late")).to_have_text("Sendt inn etter fristen")
    second.refresh_from_db()
    assert second.status == "submitted" and second.submitted_late

    # ---- Step 2: Ola takes NAV's proposal into triage and becomes its facilitator. ----
    sign_in(ola)
    page.goto(first.get_absolute_url())
    page.get_by_role("button", name="Ta inn i steg 2: harmonisere og kvalifisere").click()
    status = page.locator("#status-panel")
    expect(status).to_contain_text("Ola Kontor")

    # Kari takes the late one into triage (the office sees the mark) and merges it into NAV's as a duplicate.
    sign_in(kari)
    page.goto(second.get_absolute_url())
    expect(page.get_by_test_id("submitted-late")).to_have_text("Sendt inn etter fristen")
    page.get_by_role("button", name="Ta inn i steg 2: harmonisere og kvalifisere").click()
    expect(page.locator("#status-panel")).to_contain_text("Kari Kontor")
    page.get_by_label("Duplikat av et annet forslag").check()
    page.get_by_label("Nummeret til forslaget det er et duplikat av").fill(str(first.pk))
    page.locator("#qualify").get_by_label("Begrunnelse").fill("Samme behov; Skatteetaten blir partner.")
    page.get_by_role("button", name="Registrer kvalifiseringen").click()
    expect(page.locator("#messages")).to_contain_text("Kvalifiseringen ble registrert.")
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first
    # NAV's submitter is told by e-mail that another proposal now lives in hers.
    assert any(second.title in m.subject and m.to == [nina.email] for m in mail.outbox)

    # Sara, the merged proposal's author, follows "merged into" to the proposal that now carries her text.
    sign_in(sara)
    page.goto(second.get_absolute_url())
    page.locator("#status-panel").get_by_role("link", name=first.title).click()
    expect(page.get_by_role("heading", name=first.title)).to_be_visible()
    expect(page.get_by_text(NEED, exact=True)).to_be_visible()

    # Nina sees Sara's text on her proposal, and Skatteetaten as a partner.
    sign_in(nina)
    page.goto(first.get_absolute_url())
    merged_in = page.get_by_role("region", name="Slått sammen med dette forslaget")
    expect(merged_in).to_contain_text("Sara Skatt, Skatteetaten")
    expect(merged_in).to_contain_text("Skatteetaten trenger det samme.")

    # The facilitator rule: Ola (Digdir) may not qualify the proposal as complementing Digdir's own measure; the
    # page says why and nothing is saved. He qualifies it as a new candidate instead.
    sign_in(ola)
    page.goto(first.get_absolute_url())
    page.get_by_label("Utfyller et eksisterende tiltak").check()
    page.get_by_label("Nummeret til tiltaket det utvider eller utfyller").fill(str(digdir_measure.pk))
    page.get_by_role("button", name="Registrer kvalifiseringen").click()
    qualify = page.locator("#qualify")
    expect(qualify).to_contain_text("som eier det overlappende tiltaket «Digdirs meldingsplattform»")
    first.refresh_from_db()
    assert first.status == "harmonising" and first.related_measure is None
    page.get_by_label("Ny kandidat").check()
    page.get_by_role("button", name="Registrer kvalifiseringen").click()
    expect(page.locator("#messages")).to_contain_text("Kvalifiseringen ble registrert.")
    first.refresh_from_db()
    assert first.status == "assessing"

    # ---- Step 3: Kari invites two reviewers, herself and Ola; they score blind. ----
    sign_in(kari)
    page.goto(first.get_absolute_url())
    page.get_by_role("link", name="Vurdering", exact=True).click()
    expect(page.get_by_role("heading", name=f"Vurdering av «{first.title}»")).to_be_visible()
    for reviewer in (kari, ola):
        page.get_by_label("Vurderer", exact=True).select_option(label=f"{reviewer} (Digdir, Porteføljekontor)")
        page.get_by_role("button", name="Tildel vurderer").click()
        expect(page.locator("#reviewers tbody")).to_contain_text(str(reviewer))
    page.reload()
    usefulness = page.get_by_role("group", name=re.compile("^Brukernytte"))
    complexity = page.get_by_role("group", name=re.compile("^Kompleksitet"))

    # A stale save: Kari has the page open in a second tab too, saves 4 in the first, then 2 in the stale one. The
    # conflict box shows what is saved now and keeps her choice; saving again applies it.
    stale = page.context.new_page()
    stale.goto(page.url)
    usefulness.get_by_label("4", exact=True).check()
    usefulness.get_by_role("button", name="Lagre poengsum for Brukernytte").click()
    expect(page.locator("#scoring-status")).to_have_text("Poengsum lagret: Brukernytte, 4.")
    stale_usefulness = stale.get_by_role("group", name=re.compile("^Brukernytte"))
    stale_usefulness.get_by_label("2", exact=True).check()
    stale_usefulness.get_by_role("button", name="Lagre poengsum for Brukernytte").click()
    expect(stale.locator("#scoring-status")).to_have_text("Ikke lagret: Brukernytte ble endret et annet sted.")
    stale_usefulness = stale.get_by_role("group", name=re.compile("^Brukernytte"))
    expect(stale_usefulness.get_by_role("alert")).to_contain_text("Lagret poengsum: 4")
    expect(stale_usefulness.get_by_label("2", exact=True)).to_be_checked()
    stale_usefulness.get_by_role("button", name="Lagre poengsum for Brukernytte").click()
    expect(stale.locator("#scoring-status")).to_have_text("Poengsum lagret: Brukernytte, 2.")
    stale.close()

    # She ticks the second score and presses Submit without saving it: it is saved and submitted with the first.
    page.reload()
    complexity = page.get_by_role("group", name=re.compile("^Kompleksitet"))
    complexity.get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Send inn vurderingen").click()
    mine = page.get_by_role("table", name="Dine innsendte poeng")
    expect(mine).to_contain_text("Brukernytte2")
    expect(mine).to_contain_text("Kompleksitet1")
    expect(page.get_by_test_id("scores-hidden")).to_have_text(
        "Poengene fra de andre vurdererne er skjult til alle vurdererne har sendt inn."
    )
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    # Ola, the other reviewer, sees nothing of Kari's scores until he has submitted his own.
    sign_in(ola)
    page.goto(reverse("portfolio:proposal_scoring", args=[first.pk]))
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()
    expect(page.get_by_test_id("other-scores")).to_have_count(0)
    page.get_by_role("group", name=re.compile("^Brukernytte")).get_by_label("5", exact=True).check()
    page.get_by_role("group", name=re.compile("^Kompleksitet")).get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Send inn vurderingen").click()
    others = page.get_by_role("table", name="Innsendte poeng og kommentarer per vurderer")
    expect(others).to_contain_text("Kari Kontor")
    expect(page.get_by_test_id("result")).to_be_visible()

    # Kari now sees Ola's scores too.
    sign_in(kari)
    page.goto(reverse("portfolio:proposal_scoring", args=[first.pk]))
    expect(page.get_by_role("table", name="Innsendte poeng og kommentarer per vurderer")).to_contain_text("Ola Kontor")
    expect(page.get_by_test_id("scores-hidden")).to_have_count(0)

    # ---- Step 4: Kari takes it to the steering dialogue, naming both ministries. ----
    page.goto(first.get_absolute_url())
    page.get_by_role("link", name="Beslutt", exact=True).click()
    page.get_by_label("Løft til departementene").check()
    page.get_by_label("Begrunnelse", exact=True).fill("Krever endring i begge departementenes tildelingsbrev.")
    page.get_by_label("Departementer som må handle").select_option(
        label=["Arbeids- og sosialdepartementet", "Finansdepartementet"]
    )
    page.get_by_label("Virksomhet som må handle").select_option(label="Arbeids- og velferdsetaten")
    page.get_by_label("Tildelingsbrevår").fill("2027")
    page.get_by_role("button", name="Registrer beslutningen").click()
    # Recording it also makes the decision brief (PDF) for the ministries: the slowest step of the journey.
    expect(page.locator("#messages")).to_contain_text("Beslutningen ble registrert.", timeout=30_000)
    decision = first.decisions.get()
    assert set(decision.ministries.values_list("short_name", flat=True)) == {"ASD", "FIN"}

    # ---- Each ministry finds the decision on its start page and answers it. ----
    sign_in(anne)  # ASD owns the life event
    page.get_by_role("link", name=f"Beslutningen og svarene – {decision.subject}").click()
    expect(page.get_by_role("heading", name=f"Beslutning: {decision.subject}")).to_be_visible()
    expect(page.get_by_text("2027", exact=True)).to_be_visible()  # a year, not an amount ("2 027")
    page.get_by_label("Tatt inn i tildelingsbrevet").check()
    page.get_by_label("Tildelingsbrevår").fill("2027")
    page.get_by_label("Finansiering (kr)").fill("4000000")
    page.get_by_role("button", name="Registrer svaret").click()
    expect(page.locator("#messages")).to_contain_text("Svaret ditt er registrert.")

    # FIN is named, though the life event is ASD's: it sees the decision and its brief too.
    sign_in(finn)
    page.get_by_role("link", name=f"Beslutningen og svarene – {decision.subject}").click()
    expect(page.get_by_role("heading", name=f"Beslutning: {decision.subject}")).to_be_visible()
    brief = page.get_by_role("link", name=re.compile("beslutningsnotat", re.IGNORECASE)).first.get_attribute("href")
    response = page.request.get(brief)  # what the link gives (the browser would show or save the PDF)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.get_by_label("Trenger mer informasjon").check()
    page.get_by_label("Begrunnelse eller kommentar").fill("Vi trenger gevinstkartet først.")
    page.get_by_role("button", name="Registrer svaret").click()
    expect(page.locator("#messages")).to_contain_text("Svaret ditt er registrert.")

    # ---- The office and the agency see both answers. ----
    for user in (kari, nina):
        sign_in(user)
        page.goto(first.get_absolute_url())
        page.get_by_role("link", name="Beslutningen og svarene").click()
        answers = page.get_by_test_id("steering-responses")
        expect(answers).to_contain_text("ASD: Tatt inn i tildelingsbrevet · tildelingsbrev 2027")
        expect(answers).to_contain_text("FIN: Trenger mer informasjon – Vi trenger gevinstkartet først.")
