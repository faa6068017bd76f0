"""The bundled dataset: minimum coverage, and the provenance rules every record keeps."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED_DB

from regterm.db.vocabulary import is_iso_date

MINIMUMS = {"regulations": 6, "companies": 15, "disputes": 30, "events": 60, "quotes": 60, "sources": 40}
CORE_REGULATIONS = ("gdpr", "dma", "dsa", "ai-act", "data-act", "art-102-tfeu")
GATEKEEPERS = ("alphabet", "amazon", "apple", "bytedance", "meta", "microsoft", "booking")


@pytest.fixture(scope="module")
def conn() -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{BUNDLED_DB}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


@pytest.mark.parametrize(("table", "minimum"), MINIMUMS.items())
def test_minimum_counts(conn: sqlite3.Connection, table: str, minimum: int) -> None:
    assert conn.execute(f"select count(*) from {table}").fetchone()[0] >= minimum


def test_core_regulations_have_reference_dates_and_official_url(conn: sqlite3.Connection) -> None:
    for slug in CORE_REGULATIONS:
        row = conn.execute("select * from regulations where slug = ?", [slug]).fetchone()
        assert row is not None, slug
        assert row["reference"] and row["url"].startswith("https://")
        assert row["applies_from"] or row["in_force"], slug


def test_every_gatekeeper_has_a_dma_designation_with_services(conn: sqlite3.Connection) -> None:
    for slug in GATEKEEPERS:
        rows = conn.execute(
            """select d.date, d.services from designations d join companies c on c.id = d.company_id
               join regulations r on r.id = d.regulation_id where c.slug = ? and r.slug = 'dma'""",
            [slug],
        ).fetchall()
        assert rows, slug
        assert all(is_iso_date(r["date"]) and r["services"] for r in rows), slug


@pytest.mark.parametrize("table", ["quotes", "disputes", "events"])
def test_every_record_has_a_source_with_url_and_date(conn: sqlite3.Connection, table: str) -> None:
    rows = conn.execute(
        f"select t.slug, s.url, s.published from {table} t left join sources s on s.id = t.source_id"
    ).fetchall()
    missing = [
        r["slug"] for r in rows if not (r["url"] and r["url"].startswith("http") and is_iso_date(r["published"]))
    ]
    assert missing == []


def test_quotes_are_attributed_dated_and_not_wrapped_in_quote_marks(conn: sqlite3.Connection) -> None:
    for row in conn.execute("select slug, text, said, speaker_id, organisation_id from quotes"):
        assert row["speaker_id"] or row["organisation_id"], row["slug"]
        assert is_iso_date(row["said"]), row["slug"]
        text = row["text"]
        assert text == text.strip() and len(text) >= 3, row["slug"]
        assert not (text[0] in '"“' and text[-1] in '"”'), row["slug"]


def test_amounts_are_whole_euros_and_statuses_known(conn: sqlite3.Connection) -> None:
    for row in conn.execute("select slug, fine_eur, status, opened, decided, announced from disputes"):
        assert row["fine_eur"] is None or (isinstance(row["fine_eur"], int) and row["fine_eur"] > 0), row["slug"]
        if row["status"] in ("decided", "appealed", "settled", "annulled"):
            # the decision's date, or (where only that is public) the date it was announced
            assert row["decided"] or row["announced"] or row["status"] == "appealed", row["slug"]


ISSUER_DOMAINS = (
    "europa.eu",
    "dataprotection.ie",
    "uodo.gov.pl",
    "cnil.fr",
    "cnpd.lu",
    "noyb.eu",
    "beuc.eu",
    "about.fb.com",
    "newsroom.spotify.com",
    "apple.com",
    "blog.google",
    "blogs.microsoft.com",
    "slack.com",
    "euneedsai.com",
    "aboutamazon.com",
    "gpdp.it",
    "agcm.it",
    "acm.nl",
    "cispe.cloud",
    "berec.europa.eu",
    "garanteprivacy.it",
    "legifrance.gouv.fr",
    "cnpd.public.lu",
    "conseil-etat.fr",
    "autoriteitpersoonsgegevens.nl",
    "datenschutz-hamburg.de",
    "bfdi.bund.de",
    "aepd.es",
    "dpa.gr",
    "openai.com",
    "x.ai",
    "datenschutz-berlin.de",
    "nrwe.justiz.nrw.de",
    "support.google.com",
    "dsb.gv.at",
    "cnam.ie",
    "ccpc.ie",
    "economie.fgov.be",
    "rechtspraak.nl",
    "imy.se",
    "domstol.se",
    "datatilsynet.no",
    "personvernnemnda.no",
    "tietosuoja.fi",
    "kho.fi",
    "autoriteprotectiondonnees.be",
    "autoritedelaconcurrence.fr",
    "bundeskartellamt.de",
    "bundesgerichtshof.de",
    "uoou.gov.cz",
    "dataprotection.ro",
    "vdai.lrv.lt",
    "liteko.teismai.lt",
    "orzeczenia.nsa.gov.pl",
    "gesetze-im-internet.de",
)


def test_primary_sources_come_from_issuers(conn: sqlite3.Connection) -> None:
    """A source marked primary is the issuer's own site (EU institutions, courts, regulators, the parties);
    news reports are secondary."""
    for row in conn.execute("select slug, url from sources where is_primary = 1"):
        host = re.sub(r"^https?://", "", row["url"]).split("/")[0].lower().split(":")[0].rstrip(".")
        assert any(host == d or host.endswith("." + d) for d in ISSUER_DOMAINS), (row["slug"], host)


COVERAGE = Path(__file__).resolve().parents[1] / "data" / "COVERAGE.md"
_BY_REGULATION = (
    "select count(distinct d.id) from disputes d join dispute_regulations x on x.dispute_id = d.id "
    "join regulations r on r.id = x.regulation_id where r.slug in ({})"
)
_EVENTS_BY_REGULATION = (
    "select count(*) from events e join event_regulations x on x.event_id = e.id "
    "join regulations r on r.id = x.regulation_id where r.slug = '{}'"
)
CLASS_QUERIES = {
    "dsa-designations": "select count(*) from designations d join regulations r on r.id = d.regulation_id "
    "where r.slug = 'dsa'",
    "dsa-disputes": _BY_REGULATION.format("'dsa'"),
    "gdpr-fines-20m": _BY_REGULATION.format("'gdpr'") + " and d.fine_eur >= 20000000",
    "gdpr-regulators": _BY_REGULATION.format("'gdpr'").replace("count(distinct d.id)", "count(distinct d.regulator_id)")
    + " and d.fine_eur >= 20000000",
    "court-judgments": "select count(*) from events where kind = 'judgment'",
    "dma-disputes": _BY_REGULATION.format("'dma'"),
    "dma-events": _EVENTS_BY_REGULATION.format("dma"),
    "competition-disputes": _BY_REGULATION.format("'art-102-tfeu', 'art-101-tfeu', 'art-107-tfeu', 'eumr', 'gwb'"),
    "ai-act-events": _EVENTS_BY_REGULATION.format("ai-act"),
    "events-2026": "select count(*) from events where date >= '2026'",
    "gdpr-decisions": _BY_REGULATION.format("'gdpr'"),
    "gdpr-deciders": _BY_REGULATION.format("'gdpr'").replace("count(distinct d.id)", "count(distinct d.regulator_id)"),
    "platform-law-cases": _BY_REGULATION.format("'ecd', 'cdsm', 'p2b-regulation'"),
    "consumer-disputes": _BY_REGULATION.format("'ucpd', 'cpc-regulation'"),
    "court-cases": "select count(*) from disputes d join companies r on r.id = d.regulator_id where r.kind = 'court'",
}


def coverage_table() -> dict[str, int]:
    rows = re.findall(r"^\| ([a-z0-9-]+) \| .*? \| (\d+) \| .*\|$", COVERAGE.read_text(encoding="utf-8"), re.M)
    return {name: int(count) for name, count in rows}


def test_coverage_document_and_database_agree(conn: sqlite3.Connection) -> None:
    documented = coverage_table()
    assert set(documented) == set(CLASS_QUERIES), "every class in data/COVERAGE.md has a query here, and back"
    for name, minimum in documented.items():
        assert conn.execute(CLASS_QUERIES[name]).fetchone()[0] >= minimum, name


def test_statuses_follow_the_record(conn: sqlite3.Connection) -> None:
    """A fine belongs to a decided case (maybe appealed, annulled, settled or closed); an open case has no decision."""
    for row in conn.execute("select slug, status, fine_eur, decided, announced from disputes"):
        if row["fine_eur"] is not None:
            assert row["status"] in ("decided", "appealed", "annulled", "settled", "closed"), row["slug"]
        if row["status"] == "open":
            assert row["decided"] is None, row["slug"]


def test_primary_source_counts_match_coverage(conn: sqlite3.Connection) -> None:
    """COVERAGE.md states how many disputes and events cite an issuer's own page; the data holds at least that."""
    text = COVERAGE.read_text(encoding="utf-8")
    disputes = re.search(r"Of (\d+) disputes, (\d+) \(", text)
    events = re.search(r"of (\d+) events, (\d+) \(", text)
    assert disputes and events
    cited = """select count(*) from {table} t where exists (select 1 from sources s where s.is_primary and (
        s.id = t.source_id or s.id in (select source_id from {links} where {owner} = t.id)))"""
    assert conn.execute(cited.format(table="disputes", links="dispute_sources", owner="dispute_id")).fetchone()[
        0
    ] >= int(disputes.group(2))
    assert conn.execute(cited.format(table="events", links="event_sources", owner="event_id")).fetchone()[0] >= int(
        events.group(2)
    )
    assert conn.execute("select count(*) from disputes").fetchone()[0] >= int(disputes.group(1))
