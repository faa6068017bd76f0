"""Shared fixtures: small databases built in tmp_path from records written here, never from the network."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from regterm.db.build import build_database
from regterm.db.records import records_from_document

REPO = Path(__file__).resolve().parent.parent
BUNDLED_DB = REPO / "data" / "regterm.db"

TINY: dict[str, list[dict[str, Any]]] = {
    "sources": [
        {
            "slug": "ec-dma-decision",
            "url": "https://ec.europa.eu/commission/presscorner/detail/en/ip_25_1085",
            "publisher": "European Commission",
            "title": "Commission fines Apple and Meta",
            "published": "2025-04-23",
            "primary": True,
        },
        {
            "slug": "news-farce",
            "url": "https://example.org/spotify-farce",
            "publisher": "Example News",
            "title": "Spotify calls Apple's plan a farce",
            "published": "2024-01-26",
            "primary": False,
        },
        {
            "slug": "eurlex-dma",
            "url": "https://eur-lex.europa.eu/eli/reg/2022/1925/oj",
            "publisher": "EUR-Lex",
            "title": "Regulation (EU) 2022/1925",
            "published": "2022-10-12",
            "primary": True,
        },
    ],
    "companies": [
        {
            "slug": "apple",
            "name": "Apple",
            "kind": "company",
            "country": "US",
            "aliases": ["Apple Inc."],
            "designations": [
                {
                    "regulation": "dma",
                    "role": "gatekeeper",
                    "date": "2023-09-06",
                    "services": ["App Store", "iOS"],
                    "source": "ec-dma-decision",
                }
            ],
        },
        {"slug": "meta", "name": "Meta", "kind": "company", "country": "US", "aliases": ["Facebook", "Instagram"]},
        {"slug": "spotify", "name": "Spotify", "kind": "company", "country": "SE"},
        {
            "slug": "european-commission",
            "name": "European Commission",
            "kind": "regulator",
            "country": "EU",
            "aliases": ["Commission"],
        },
    ],
    "people": [
        {"slug": "daniel-ek", "name": "Daniel Ek", "role": "Chief executive officer", "organisation": "spotify"},
    ],
    "regulations": [
        {
            "slug": "dma",
            "name": "DMA",
            "title": "Digital Markets Act",
            "reference": "Regulation (EU) 2022/1925",
            "jurisdiction": "EU",
            "adopted": "2022-09-14",
            "in_force": "2022-11-01",
            "applies_from": "2023-05-02",
            "url": "https://eur-lex.europa.eu/eli/reg/2022/1925/oj",
            "aliases": ["Digital Markets Act"],
            "milestones": [{"date": "2024-03-07", "what": "Gatekeepers must comply"}],
            "source": "eurlex-dma",
        },
        {
            "slug": "gdpr",
            "name": "GDPR",
            "title": "General Data Protection Regulation",
            "reference": "Regulation (EU) 2016/679",
            "jurisdiction": "EU",
            "applies_from": "2018-05-25",
            "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
            "source": "eurlex-dma",
        },
    ],
    "disputes": [
        {
            "slug": "apple-anti-steering",
            "title": "Apple: App Store anti-steering",
            "companies": ["apple"],
            "regulator": "european-commission",
            "complainants": ["spotify"],
            "regulations": ["dma"],
            "legal_basis": "Article 5(4) DMA",
            "case_number": "DMA.100109",
            "status": "decided",
            "opened": "2024-03-25",
            "decided": "2025-04-23",
            "fine_eur": 500000000,
            "summary": "Apple stopped developers steering users to offers outside the App Store.",
            "sources": ["ec-dma-decision"],
        },
        {
            "slug": "meta-pay-or-consent",
            "title": "Meta: pay or consent",
            "companies": ["meta"],
            "regulator": "european-commission",
            "regulations": ["dma", "gdpr"],
            "legal_basis": "Article 5(2) DMA",
            "status": "decided",
            "opened": "2024-03-25",
            "decided": "2025-04-23",
            "fine_eur": 200000000,
            "summary": "Meta's pay-or-consent model.",
            "sources": ["ec-dma-decision"],
        },
    ],
    "events": [
        {
            "slug": "apple-fined",
            "date": "2025-04-23",
            "kind": "fine",
            "title": "Apple fined EUR 500 million",
            "companies": ["apple"],
            "regulations": ["dma"],
            "disputes": ["apple-anti-steering"],
            "source": "ec-dma-decision",
        },
        {
            "slug": "spotify-statement",
            "date": "2024-01",
            "kind": "statement",
            "title": "Spotify criticises Apple's compliance plan",
            "companies": ["spotify", "apple"],
            "regulations": ["dma"],
            "source": "news-farce",
        },
    ],
    "quotes": [
        {
            "slug": "ek-farce",
            "text": "a complete and total farce",
            "speaker": "daniel-ek",
            "organisation": "spotify",
            "said": "2024-01-26",
            "context": "Spotify on Apple's DMA compliance plan.",
            "companies": ["apple"],
            "regulations": ["dma"],
            "disputes": ["apple-anti-steering"],
            "source": "news-farce",
        },
        {
            "slug": "commission-meta",
            "text": "Meta must comply with the [bold]DMA[/bold].",
            "organisation": "european-commission",
            "said": "2025-04-23",
            "context": "Commission on the decision.",
            "companies": ["meta"],
            "regulations": ["dma"],
            "disputes": ["meta-pay-or-consent"],
            "source": "ec-dma-decision",
        },
    ],
}


def tiny_document() -> dict[str, list[dict[str, Any]]]:
    """A fresh copy of the tiny dataset, safe to change in a test."""
    return copy.deepcopy(TINY)


def build_db(document: dict[str, Any], path: Path) -> Path:
    build_database(records_from_document(copy.deepcopy(document), "test.yaml"), path)
    return path


@pytest.fixture
def tiny_db(tmp_path: Path) -> Path:
    return build_db(tiny_document(), tmp_path / "tiny.db")


@pytest.fixture
def records_dir(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write a document as a records folder and return the folder."""

    def write(document: dict[str, Any]) -> Path:
        folder = tmp_path / "records"
        folder.mkdir(exist_ok=True)
        (folder / "all.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        return folder

    return write


@pytest.fixture
def writable_copy(tmp_path: Path) -> Callable[[Path], sqlite3.Connection]:
    """A writable connection to a copy of a database, with foreign keys off so a test can break it."""

    def copy_of(path: Path) -> sqlite3.Connection:
        target = tmp_path / f"copy-{path.name}"
        target.write_bytes(path.read_bytes())
        conn = sqlite3.connect(target)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = OFF")
        return conn

    return copy_of


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's database in a test."""
    monkeypatch.setenv("REGTERM_USER_DB", str(tmp_path / "user-data" / "regterm.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))  # the explorer remembers its theme here
    monkeypatch.delenv("REGTERM_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
