"""Organisations kept in step with Enhetsregisteret's bulk file of units (core.enhetsregisteret), on a small file
in the register's published JSON format (tests/core/data/enheter.json)."""

from __future__ import annotations

import gzip
import http.server
import shutil
import threading
from functools import partial
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.enhetsregisteret import organisations_sync
from core.models import AuditEvent, Organisation
from tests.factories.core import OrganisationFactory

FILE = Path(__file__).parent / "data" / "enheter.json"


@pytest.fixture
def ours(db):
    aid = OrganisationFactory(name="Arbeids- og inkluderingsdepartementet", kind="ministry", orgnr="983887457")
    kdd = OrganisationFactory(name="Kommunal- og distriktsdepartementet", kind="ministry", orgnr="972417858")
    return {
        "aid": aid,
        "kdd": kdd,
        "nav": OrganisationFactory(name="NAV", kind="agency", orgnr="889640782"),
        "under": OrganisationFactory(name="Et underliggende organ", kind="agency", orgnr="932345676"),
        "skatt": OrganisationFactory(name="Skatteetaten", kind="agency", orgnr="974761076"),
        "digdir": OrganisationFactory(name="Digdir", kind="agency", orgnr="991825827"),
        "none": OrganisationFactory(name="Uten organisasjonsnummer", kind="agency", orgnr=""),
    }


def _fresh(orgs):
    return {k: Organisation.objects.get(pk=o.pk) for k, o in orgs.items()}


def test_sync_takes_the_register_values_and_the_ministry_from_the_parent_units(ours, admin_user):
    result = organisations_sync(source=str(FILE), by=admin_user)
    assert (result.read, result.matched, result.invalid) == (8, 6, ["123456789"])
    o = _fresh(ours)
    nav = o["nav"]
    assert (nav.register_name, nav.organisation_form, nav.organisation_form_name) == (
        "ARBEIDS- OG VELFERDSETATEN", "ORGL", "Organisasjonsledd",
    )  # fmt: skip
    assert (nav.sector_code, nav.sector_name, nav.parent_orgnr) == ("6100", "Statsforvaltningen", "983887457")
    assert nav.name == "NAV"  # the portal's own name is kept; the register's is beside it
    assert nav.parent == o["aid"]
    assert o["under"].parent == o["aid"]  # through the unit in between
    assert o["digdir"].parent == o["kdd"]
    assert o["skatt"].parent is None  # its ministry is not one of ours
    assert o["aid"].parent is None and o["aid"].organisation_form == "STAT"
    assert o["none"].register_name == ""
    synced = AuditEvent.objects.filter(action="core.organisation.synced")
    assert synced.count() == 6 and set(synced.values_list("actor", flat=True)) == {admin_user.pk}
    assert synced.get(object_id=str(nav.pk)).changes["parent"] == [None, str(o["aid"])]


def test_a_second_run_changes_nothing(ours):
    organisations_sync(source=str(FILE))
    before = {o.pk: o.updated_at for o in Organisation.objects.all()}
    audited = AuditEvent.objects.count()
    result = organisations_sync(source=str(FILE))
    assert result.changed == []
    assert AuditEvent.objects.count() == audited
    assert {o.pk: o.updated_at for o in Organisation.objects.all()} == before


def test_gzip_file_as_the_register_publishes_it(ours, tmp_path):
    packed = tmp_path / "enheter_alle.json.gz"
    with open(FILE, "rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert organisations_sync(source=str(packed)).matched == 6


def test_large_units_span_chunks(ours, tmp_path, monkeypatch):
    from core import enhetsregisteret

    monkeypatch.setattr(enhetsregisteret, "CHUNK", 7)  # every unit spans many reads
    assert len(organisations_sync(source=str(FILE)).changed) == 6


def test_from_a_url(ours):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FILE.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{FILE.name}"
        assert organisations_sync(source=url).matched == 6
    finally:
        server.shutdown()
        server.server_close()


def test_command_and_beat_task(ours, settings, capsys):
    from core.tasks import organisations_sync_task

    call_command("sync_enhetsregisteret", source=str(FILE))
    out = capsys.readouterr().out
    assert "8 units read, 6 of ours, 6 changed, 1 with an invalid" in out
    assert "1 new under our ministries created, 0 deleted marked inactive" in out
    settings.ENHETSREGISTERET_SOURCE = str(FILE)
    assert organisations_sync_task.delay().get() == []  # the nightly job: nothing new since
    settings.ENHETSREGISTERET_SOURCE = ""
    assert organisations_sync_task.delay().get() is None


def test_a_file_that_is_not_the_register_is_refused_whole(ours, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"organisasjonsnummer": "889640782"}')
    with pytest.raises(CommandError):
        call_command("sync_enhetsregisteret", source=str(bad))
    with pytest.raises(CommandError):
        call_command("sync_enhetsregisteret", source=str(tmp_path / "missing.json"))
    truncated = tmp_path / "truncated.json"
    truncated.write_text(FILE.read_text()[:700])
    with pytest.raises(CommandError):
        call_command("sync_enhetsregisteret", source=str(truncated))
    assert Organisation.objects.exclude(register_name="").count() == 0  # nothing half-saved


def test_organisation_numbers_are_checked_where_they_are_typed(client, admin_user, db):
    client.force_login(admin_user)
    response = client.post("/admin/core/organisation/add/", {"name": "Feil", "kind": "agency", "orgnr": "123456789"})
    assert response.status_code == 200
    assert "ikke et gyldig organisasjonsnummer" in response.content.decode()
    assert not Organisation.objects.filter(name="Feil").exists()


def test_a_new_unit_under_one_of_our_ministries_is_created_once(ours, admin_user):
    result = organisations_sync(source=str(FILE), by=admin_user)
    assert result.created == ["922345678"]  # an ORGL under AID; Skatteetaten's ministry is not ours
    new = Organisation.objects.get(orgnr="922345678")
    assert (new.name, new.kind, new.parent, new.is_active) == ("En mellomliggende enhet", "agency", ours["aid"], True)
    assert (new.register_name, new.organisation_form, new.sector_code) == ("EN MELLOMLIGGENDE ENHET", "ORGL", "6100")
    event = AuditEvent.objects.get(action="core.organisation.registered")
    assert event.object_id == str(new.pk) and event.actor == admin_user and event.changes["parent"] == str(ours["aid"])
    assert organisations_sync(source=str(FILE)).created == []
    assert Organisation.objects.filter(orgnr="922345678").count() == 1


def test_a_deleted_unit_is_marked_inactive_never_deleted_and_comes_back(ours, tmp_path):
    import json

    units = json.loads(FILE.read_text())
    digdir = next(u for u in units if u["organisasjonsnummer"] == "991825827")
    digdir["slettedato"] = "2026-11-30"
    without_nav = tmp_path / "enheter.json"
    without_nav.write_text(json.dumps([u for u in units if u["organisasjonsnummer"] != "889640782"]))
    result = organisations_sync(source=str(without_nav))
    assert sorted(result.deactivated) == ["889640782", "991825827"]
    o = _fresh(ours)
    assert not o["nav"].is_active and not o["digdir"].is_active and o["skatt"].is_active
    assert str(o["digdir"].deleted_in_register_on) == "2026-11-30"
    assert o["nav"].deleted_in_register_on is not None  # absent from the file of every unit: deleted today
    events = AuditEvent.objects.filter(action="core.organisation.deactivated")
    assert events.count() == 2 and events.get(object_id=str(o["digdir"].pk)).changes["is_active"] == [True, False]
    assert organisations_sync(source=str(without_nav)).deactivated == []  # a second run changes nothing

    organisations_sync(source=str(FILE))  # NAV is back (and Digdir, undeleted in this file)
    o = _fresh(ours)
    assert o["nav"].is_active and o["nav"].deleted_in_register_on is None
