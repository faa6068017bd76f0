"""The query layer: paging a large selection gives the same rows as the full list, by either SQL form."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_db, tiny_document

from regterm.db.connection import connect
from regterm.db.queries import Filters, _ids_json, _is_dense, count_rows, iter_rows, linked_sets


@pytest.fixture(scope="module")
def many_quotes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = tiny_document()
    base = document["quotes"][0]
    quotes = []
    for n in range(2400):
        quote = dict(base, slug=f"q-{n:04d}", text=f"statement {n}", said=f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}")
        quote["companies"] = ["apple"] if n % 2 else ["european-commission"] if n % 500 == 0 else ["meta"]
        quote["regulations"] = ["gdpr"] if n % 300 == 0 else ["dma"]
        if n % 7 == 0:
            quote.pop("speaker")
            quote["organisation"] = "spotify"
        quotes.append(quote)
    document["quotes"] = quotes
    return build_db(document, tmp_path_factory.mktemp("many") / "many.db")


COLUMNS = ("slug", "said")


@pytest.mark.parametrize(
    ("filters", "dense"),
    [
        (Filters.of(companies=("apple",)), True),
        (Filters.of(companies=("spotify",)), True),  # said by Spotify or its CEO
        (Filters.of(companies=("european-commission",)), False),  # five quotes: the IN form
        (Filters.of(regulations=("dma",)), True),
        (Filters.of(regulations=("gdpr",)), False),
        (Filters.of(companies=("apple",), regulations=("dma",)), True),
    ],
)
def test_a_page_is_the_head_of_the_full_list(many_quotes: Path, filters: Filters, dense: bool) -> None:
    conn = connect(many_quotes)
    kind, slugs = next(iter(filters.selections().items()))
    assert _is_dense(conn, "quotes", linked_sets("quotes", kind, _ids_json(conn, kind, slugs))) is dense
    everything = list(iter_rows(conn, "quotes", filters, COLUMNS, newest_first=True))
    for offset in (0, 100, 200):
        page = list(iter_rows(conn, "quotes", filters, COLUMNS, limit=100, offset=offset, newest_first=True))
        assert page == everything[offset : offset + 100]
    assert count_rows(conn, "quotes", filters) == len(everything) > 0


def test_text_filter_matches_names_and_aliases(tiny_db: Path) -> None:
    conn = connect(tiny_db)
    assert [r[0] for r in iter_rows(conn, "companies", Filters(text="insta"), ("slug",))] == ["meta"]
    assert [r[0] for r in iter_rows(conn, "companies", Filters(text="100%_"), ("slug",))] == []


def test_detail_for_the_explorer_caps_linked_lists(many_quotes: Path) -> None:
    from regterm.db.detail import record_detail
    from regterm.db.refs import Ref
    from regterm.render import detail_text

    conn = connect(many_quotes)
    capped = record_detail(conn, Ref("companies", "apple"), limit=25)
    assert len(capped["linked"]["quotes"]) == 25 and capped["more"] == ["quotes"]
    assert "people" not in capped["linked"] and "sources" not in capped["linked"]
    assert "Quotes (25+)" in detail_text(capped).plain
    full = record_detail(conn, Ref("companies", "apple"))
    assert len(full["linked"]["quotes"]) == 1200
    assert full["linked"]["quotes"][:25] == capped["linked"]["quotes"]


def test_quote_filter_matches_speakers_and_organisations(many_quotes: Path) -> None:
    conn = connect(many_quotes)
    by_spotify = list(iter_rows(conn, "quotes", Filters(text="spotif"), COLUMNS, limit=100, newest_first=True))
    everything = list(iter_rows(conn, "quotes", Filters(text="spotif"), COLUMNS, newest_first=True))
    assert len(everything) == 2400 and by_spotify == everything[:100]  # every quote is Spotify's
    by_ek = list(iter_rows(conn, "quotes", Filters(text="daniel"), COLUMNS, newest_first=True))
    assert len(by_ek) == 2400 - 343  # the ones with no speaker are the organisation's alone
    assert list(iter_rows(conn, "quotes", Filters(text="nobody at all"), COLUMNS, limit=100)) == []


@pytest.mark.parametrize(
    ("since", "included"),
    [
        ("2024", True),
        ("2024-01", True),
        ("2024-01-01", True),
        ("2024-01-15", False),
        ("2023-12-31", True),
        ("2024-02", False),
    ],
)
def test_since_takes_a_month_precision_date_at_its_first_day(tiny_db: Path, since: str, included: bool) -> None:
    conn = connect(tiny_db)
    slugs = [r[0] for r in iter_rows(conn, "events", Filters(since=since), ("slug",))]
    assert ("spotify-statement" in slugs) is included  # dated "2024-01"
