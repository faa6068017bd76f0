"""The bundled dataset: minimum coverage, and the provenance rules every record keeps."""

from __future__ import annotations

import re
import sqlite3

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
)


def test_primary_sources_come_from_issuers(conn: sqlite3.Connection) -> None:
    """A source marked primary is the issuer's own site (EU institutions, courts, regulators, the parties);
    news reports are secondary."""
    for row in conn.execute("select slug, url from sources where is_primary = 1"):
        host = re.sub(r"^https?://", "", row["url"]).split("/")[0].lower().split(":")[0].rstrip(".")
        assert any(host == d or host.endswith("." + d) for d in ISSUER_DOMAINS), (row["slug"], host)
