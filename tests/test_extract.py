"""Quote extraction: the hand-labelled articles in tests/articles, the benchmark's scores, and edge cases."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from regterm.ingest.extract import Quote, extract_quotes, html_to_text, markdown_to_text

REPO = Path(__file__).resolve().parent.parent


def _load_script(name: str) -> ModuleType:
    """A benchmarks/ script as a module (they import each other by name: ingest_accuracy, train_ranker ...)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_script("ingest_accuracy")
ALIASES: dict[str, str] = bench.ALIASES
ARTICLES = bench.article_paths()


def quotes(text: str, aliases: dict[str, str] | None = None) -> list[Quote]:
    return extract_quotes(text, ALIASES if aliases is None else aliases)


def texts(text: str) -> list[str]:
    return [q.text for q in quotes(text)]


# --------------------------------------------------------------------------- the articles


def test_there_are_articles_of_every_format() -> None:
    assert len(ARTICLES) >= 4
    assert {p.suffix for p in ARTICLES} >= {".txt", ".md", ".html"}


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_article_quotes_speakers_and_mentions(path: Path) -> None:
    expected = json.loads(bench.expected_path(path).read_text(encoding="utf-8"))
    found = [{"text": q.text, "speaker": q.speaker, "mentions": list(q.mentions)} for q in bench.extract_article(path)]
    assert found == expected


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_article_quotes_are_well_formed(path: Path) -> None:
    text = bench.article_text(path)
    lines = text.splitlines()
    for quote in bench.extract_article(path):
        assert 0.0 <= quote.confidence <= 1.0
        assert quote.speaker_kind in ("person", "organisation", "unknown")
        assert quote.mentions == tuple(sorted(set(quote.mentions)))
        first_words = " ".join(quote.text.split()[:2])
        assert first_words in " ".join(lines[quote.line - 1 :]), "line must point at where the quote starts"
        assert quote.text.split()[0] in lines[quote.line - 1] or quote.text.split()[0] in lines[quote.line]


def test_benchmark_precision_and_recall() -> None:
    scores, total = bench.evaluate()
    assert len(scores) == len(ARTICLES)
    assert total.precision >= 0.9
    assert total.recall >= 0.9
    assert total.attribution >= 0.9
    assert "overall" in bench.report(scores, total)


def test_benchmark_scoring_counts_misses_and_wrong_speakers() -> None:
    found = [Quote("a b c d", "X", "person", "", 1, 0.9, ()), Quote("e f g h", "Y", "person", "", 2, 0.9, ())]
    expected = [
        {"text": "a  b c\nd", "speaker": "X"},
        {"text": "i j", "speaker": None},
        {"text": "e f g h", "speaker": "Z"},
    ]
    score = bench.score("x", found, expected)
    assert (score.precision, round(score.recall, 3), score.attribution) == (1.0, 0.667, 0.5)


# --------------------------------------------------------------------------- quotation marks


def test_empty_and_quoteless_input() -> None:
    assert quotes("") == []
    assert quotes("   \n\n  ") == []
    assert quotes("The Commission fined Apple on Monday.") == []


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "Apple’s lawyers don’t agree, and the companies’ advisers say the ’90s rules can’t apply. It’s Meta’s turn."
    assert quotes(text) == []


def test_curly_and_straight_quotes_give_the_same_quote() -> None:
    curly = quotes("“We will appeal this decision,” Apple said.")
    straight = quotes('"We will appeal this decision," Apple said.')
    assert [(q.text, q.speaker) for q in curly] == [(q.text, q.speaker) for q in straight]
    assert curly[0].text == "We will appeal this decision"
    assert curly[0].speaker_kind == "organisation"


def test_single_curly_quotes_when_clearly_a_quotation() -> None:
    found = quotes("‘We did not ask for special treatment,’ said Ana Ferreira. Ferreira’s team didn’t comment.")
    assert [(q.text, q.speaker) for q in found] == [("We did not ask for special treatment", "Ana Ferreira")]


def test_single_quotes_inside_a_double_quote_are_part_of_it() -> None:
    found = quotes("“They called it ‘a farce from start to finish’ and left,” said Ana Ferreira.")
    assert [q.text for q in found] == ["They called it ‘a farce from start to finish’ and left"]


def test_double_quotes_inside_a_single_quote_are_part_of_it() -> None:
    found = quotes("‘He told us “no” and walked out of the room,’ said Lena Berg.")
    assert [(q.text, q.speaker) for q in found] == [("He told us “no” and walked out of the room", "Lena Berg")]


def test_quote_running_over_paragraphs_takes_the_closing_speaker() -> None:
    text = (
        "Lena Berg, a lawyer, has followed the case.\n\n"
        "“The first problem is the timeline. Nobody could comply in six months.\n\n"
        "“The second problem is the fee,” Berg said."
    )
    first, second = quotes(text)
    assert (first.text, first.speaker, first.line) == (
        "The first problem is the timeline. Nobody could comply in six months.",
        "Lena Berg",
        3,
    )
    assert (second.text, second.speaker, second.line) == ("The second problem is the fee", "Lena Berg", 5)


def test_quote_spanning_lines_is_joined_with_spaces_and_keeps_its_first_line() -> None:
    text = "Headline\n\nMeta was fined.\nA Meta spokesperson said: “We disagree\nwith this decision and\nwill appeal.”"
    (quote,) = quotes(text)
    assert quote.text == "We disagree with this decision and will appeal."
    assert quote.line == 4
    assert quote.speaker == "Meta"


def test_split_quote_is_two_quotes_as_printed_both_attributed() -> None:
    """A quote is never joined from fragments: each pair of marks is one quote, exactly as printed."""
    text = "Daniel Ek runs Spotify. “We are confident,” Ek said, “that this will change.”"
    first, second = quotes(text)
    assert (first.text, second.text) == ("We are confident", "that this will change.")
    assert first.speaker == second.speaker == "Daniel Ek"
    assert first.speaker_kind == second.speaker_kind == "person"


def test_quote_continuing_after_a_full_stop_keeps_the_speaker() -> None:
    found = quotes("“We are confident,” Ek said. “This will change.” Daniel Ek founded the firm.")
    assert [(q.text, q.speaker) for q in found] == [
        ("We are confident", "Daniel Ek"),
        ("This will change.", "Daniel Ek"),
    ]


# --------------------------------------------------------------------------- scare quotes and titles


def test_scare_quotes_and_titles_are_skipped() -> None:
    text = (
        "Developers pay a “core technology fee” on installs. The so-called “gatekeepers” must comply with the "
        "“Digital Markets Act Compliance Workshop Report” by March."
    )
    assert quotes(text) == []


def test_short_quote_is_kept_when_attributed() -> None:
    (quote,) = quotes("Spotify called it a “complete and total farce” on Thursday.")
    assert (quote.text, quote.speaker, quote.speaker_kind) == ("complete and total farce", "Spotify", "organisation")
    assert quote.mentions == ("company:spotify",)
    (quote,) = quotes("Ek called the plan “extortion”.")
    assert quote.text == "extortion"


def test_headline_passive_is_not_an_attribution() -> None:
    assert quotes('Meta told to rethink "pay or consent" model') == []


# --------------------------------------------------------------------------- attribution patterns


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ("“The fee is unlawful,” said Daniel Ek.", "Daniel Ek", "person"),
        ("Daniel Ek said: “The fee is unlawful.”", "Daniel Ek", "person"),
        ("Daniel Ek wrote on his blog. “The fee is unlawful,” Ek said.", "Daniel Ek", "person"),
        ("Apple was fined. “The fine is unlawful,” the company said.", "Apple", "organisation"),
        ("“The fine is unlawful,” according to a Meta spokesperson.", "Meta", "organisation"),
        ("“The fine is unlawful,” a spokesperson for Apple told reporters.", "Apple", "organisation"),
        ("Meta said in a statement: “The fine is unlawful.”", "Meta", "organisation"),
        ("In a statement, the European Commission said: “The fine is lawful.”", "European Commission", "organisation"),
        ("Teresa Ribera spoke. She warned that “nobody is above the law here”.", "Teresa Ribera", "person"),
        ("Commissioner Teresa Ribera argued that “nobody is above the law here”.", "Teresa Ribera", "person"),
        ("“Nobody is above the law,” Executive Vice-President Teresa Ribera added.", "Teresa Ribera", "person"),
        ("“Apple must comply,” said CEO Jane Doe of Rivalsoft.", "Jane Doe", "person"),
        ("Mikael Strand, Spotify’s chief executive, described it as “a tax on innovation”.", "Mikael Strand", "person"),
        ("Lukas Brenner spoke first. “It will not last,” he told reporters.", "Lukas Brenner", "person"),
        ("“Honestly, it is fine,” said one procurement manager.", None, "unknown"),
    ],
)
def test_attribution_patterns(text: str, speaker: str | None, kind: str) -> None:
    (quote,) = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)


def test_confidence_reflects_how_the_speaker_was_found() -> None:
    named, pronoun, anonymous = quotes(
        "“We will appeal this decision,” said Daniel Ek.\n\n"
        "Lukas Brenner disagreed. “The decision will stand,” he said.\n\n"
        "The ruling was published in full. “This changes everything for developers.” The court is in Luxembourg."
    )
    assert named.confidence >= 0.8
    assert 0.5 <= pronoun.confidence < 0.8 and pronoun.speaker == "Lukas Brenner"
    # no speaker near it: nobody, or (round 12's ranker) a guess at the person named last, below the floor of
    # `ingest --apply` (0.5) either way, so that it is only ever offered for review
    assert anonymous.confidence < 0.5 and anonymous.speaker in (None, "Lukas Brenner")


def test_mentions_cover_quote_and_sentence_with_word_boundaries() -> None:
    (quote,) = quotes("“Instagram users deserve better,” said Ana Ferreira, citing the DMA and Apple’s rules.")
    assert quote.mentions == ("company:apple", "company:meta", "regulation:dma")
    (quote,) = quotes("“Pineapple metadata is not covered by this at all,” said Ana Ferreira.")
    assert quote.mentions == ()


def test_works_without_aliases() -> None:
    (quote,) = extract_quotes("“The fine is unlawful,” the firm’s lawyer Jan Novak said.", None)
    assert (quote.speaker, quote.speaker_kind, quote.mentions) == ("Jan Novak", "person", ())


def test_quote_is_a_frozen_dataclass() -> None:
    (quote,) = quotes("“We will appeal this decision,” said Daniel Ek.")
    assert quote.sentence == "“We will appeal this decision,” said Daniel Ek."
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.text = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- HTML and Markdown


def test_html_entities_scripts_and_paragraphs() -> None:
    html = (
        "<html><head><title>T</title><style>p::before { content: '“'; }</style></head><body>"
        '<script>var s = "“not a quote at all here”";</script>'
        "<p>&ldquo;Apple &amp; Meta are not above the law,&rdquo; said Teresa Ribera.</p>"
        "<p>Second&nbsp;paragraph<br>on two lines.</p></body></html>"
    )
    text = html_to_text(html)
    assert text == "“Apple & Meta are not above the law,” said Teresa Ribera.\n\nSecond paragraph\non two lines."
    (quote,) = quotes(text)
    assert quote.text == "Apple & Meta are not above the law"
    assert quote.mentions == ("company:apple", "company:meta")


def test_markdown_to_text() -> None:
    md = (
        "# Apple *fined*\n\nThe [Digital Markets Act](https://example.org/dma) applies, **said** _Ek_.\n"
        "> Quoted `code` and snake_case_names stay.\n\n- item one\n\n[ref]: https://example.org"
    )
    assert markdown_to_text(md) == (
        "Apple fined\n\nThe Digital Markets Act applies, said Ek.\nQuoted code and snake_case_names stay.\n\nitem one"
    )


# --------------------------------------------------------------------------- real news writing (issue #15)


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        (
            "In a statement released today, the DPC welcomed the decision. “This decision followed a long inquiry.”",
            "DPC",
            "organisation",
        ),
        (
            "Max Schrems, founder of Noyb, criticised Meta’s approach. “It is absurd and it is illegal.”",
            "Max Schrems",
            "person",
        ),
        (
            "Teresa Ribera spoke in Brussels on Monday.\n\nShe defended the fine. “Nobody is above the law in Europe.”",
            "Teresa Ribera",
            "person",
        ),
    ],
)
def test_speaker_named_in_the_sentence_before(text: str, speaker: str, kind: str) -> None:
    (quote,) = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)
    assert quote.confidence <= 0.6  # inferred, not read next to a verb


def test_sentence_before_without_speech_or_reaction_gives_no_speaker() -> None:
    (quote,) = quotes("The ruling was published on Monday in Luxembourg. “This changes everything for developers.”")
    assert quote.speaker is None


def test_it_is_the_subject_of_a_recent_sentence_not_the_last_name_mentioned() -> None:
    text = (
        "The European Commission accused Google of favouring its own services over rival advertising tools.\n"
        "It also ordered Google to “end these self-preferencing practices” within sixty days."
    )
    (quote,) = quotes(text)
    assert (quote.text, quote.speaker) == ("end these self-preferencing practices", "European Commission")


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        (
            "Meta regards the news as a ‘step backwards for European innovation’.",
            "step backwards for European innovation",
            "Meta",
        ),
        (
            'His words echo the head of the Federal Trade Commission Andrew Ferguson, who called DMA rules "a tax on '
            'American firms."',
            "a tax on American firms.",
            "Andrew Ferguson",
        ),
        ("Ek criticised the plans, labelling them a “farce”.", "farce", "Ek"),
        ("Apple referred to a statement expressing its “deep concern” about the app.", "deep concern", "Apple"),
        ("Apple reacted to the fines, saying the decisions “unfairly” target the company.", "unfairly", "Apple"),
        ("Ek said that the control Apple has over the market is “insane.”", "insane.", "Ek"),
    ],
)
def test_quoted_fragments_after_verbs_of_judgement(text: str, quoted: str, speaker: str) -> None:
    (quote,) = quotes(text)
    assert (quote.text, quote.speaker) == (quoted, speaker)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('Kaplan said the decision imposes "a multi-billion-dollar tariff " on Meta.', "a multi-billion-dollar tariff"),
        (
            '"If Meta cannot use it for ads, how can it use it for AI?” Schrems asked.',
            "If Meta cannot use it for ads, how can it use it for AI?",
        ),
        (
            "“We will consider the next steps in June.“ a spokesperson said. “Goalposts”, Meta said.",
            "We will consider the next steps in June.",
        ),
    ],
)
def test_tolerant_pairing_of_quotation_marks(text: str, quoted: str) -> None:
    assert texts(text)[0] == quoted


def test_mixed_marks_do_not_close_a_quote_whose_own_closer_follows() -> None:
    text = '“They said "never" to us and then they changed their minds,” Ek said.'
    assert texts(text) == ['They said "never" to us and then they changed their minds']


@pytest.mark.parametrize(
    "text",
    [
        "Meta was fined €200 million over its “pay or consent” model, the Commission said.",
        "The change is justified by what the company calls “legitimate interest.”",
        'Meta claims the move is covered by "legitimate interest" under EU privacy rules.',
        "Meta launched its “Threads” app in Europe on Tuesday, the company said.",
        "The rules apply to “gatekeepers,” the largest platforms, from March.",
    ],
)
def test_scare_quotes_and_terms_are_not_speech(text: str) -> None:
    assert texts(text) == []


def test_one_paragraph_per_line_when_text_is_not_hard_wrapped() -> None:
    filler = "The company said it had invested heavily in data security over the past three years in Europe. "
    text = (
        f"{filler}Christine Grahn, head of public policy at TikTok, said: “This ruling risks setting a precedent.\n"
        f"“Through Project Clover we have built unmatched protections for European data. {filler}\n"
        "“We believe the EU should welcome solutions like ours.”"
    )
    found = quotes(text)
    assert [q.text for q in found] == [
        "This ruling risks setting a precedent.",
        f"Through Project Clover we have built unmatched protections for European data. {filler.strip()}",
        "We believe the EU should welcome solutions like ours.",
    ]
    assert {q.speaker for q in found} == {"Christine Grahn"}


def test_a_long_paragraph_takes_linear_time() -> None:
    unit = (
        "Daniel Ek, Spotify's chief executive, said “Apple is a farce,” and Meta called it “a tax”. "
        'The Commission "fined" Apple. “It is wrong.“ said Jane Doe, who called the DMA "a tax ". '
        "It also ordered Google to ‘stop’. In a statement, the DPC welcomed it. “We agree.” he said. "
    )

    def seconds(size: int) -> float:
        text = (unit * (size // len(unit) + 1))[:size]
        start = time.perf_counter()
        found = extract_quotes(text, ALIASES)
        assert len(found) > size // 200  # it did find the quotes
        return time.perf_counter() - start

    # 200 KB in one paragraph against 50 KB: about 4x when linear, about 16x with a quadratic step (a ratio, not a
    # time limit: the machines are shared and a loaded one took 35 s for 400 KB where an idle one takes 15)
    small, large = seconds(50_000), seconds(200_000)
    assert large < 12 * small + 1


# --------------------------------------------------------------------------- evaluation set 2: general rules

ACME = {
    **ALIASES,
    "acme": "company:acme",
    "lena moritz": "person:lena-moritz",
    "court of justice": "company:court-of-justice",
}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a lower-case description ending in a title, after the verb
        ("“Nobody is above the law,” said competition commissioner Lena Moritz.", "Lena Moritz"),
        ("“We will act,” said the bloc’s digital chief Paul Hendry.", "Paul Hendry"),
        # the last word of a title's complement is not part of the name
        ("Vice-President for Security and Democracy Paul Hendry said the fine was “long overdue”.", "Paul Hendry"),
        ("Commissioner for Competition Anna Berg said the fine was “proportionate”.", "Anna Berg"),
        # particles stay with the surname
        (
            "Commission President Ursula von der Leyen pledged to tackle “unfair practices online.”",
            "Ursula von der Leyen",
        ),
        # a person, then the organisation they speak for
        ("Tom Reed, a spokesperson for Acme, said the company would “study the decision carefully.”", "Tom Reed"),
        # a label and a colon
        (
            "Watchdog chairman Piet de Vries: ‘We will now look at whether directors can be held liable.’",
            "Piet de Vries",
        ),
        # an institution with 'of'
        (
            "The Court of Justice, the EU’s highest court, ruled on Tuesday, stating: “The appeal is dismissed.”",
            "Court of Justice",
        ),
        # a government
        (
            "The Trump administration, which has called the rules “a tax on innovation”, threatened tariffs.",
            "Trump administration",
        ),
    ],
)
def test_speaker_names_in_titles_appositives_and_labels(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker


def test_she_resolves_to_a_person_known_by_alias() -> None:
    text = "“Rules are rules,” said Lena Moritz.\n\n“And we will enforce them,” she stated."
    assert [q.speaker for q in quotes(text, ACME)] == ["Lena Moritz", "Lena Moritz"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # 'the company', 'the Swedish firm', 'the iPhone maker': the last company, not the Commission
        (
            "Acme was fined by the Commission. The Commission’s decision “ignores the market,” the company said.",
            "Acme",
        ),
        ("The Commission fined Acme on Monday. The US firm called it “a political attack.”", "Acme"),
        # 'the watchdog', 'the regulator': the last public body
        (
            "Acme appealed against the European Commission ruling. The regulator said Acme had “misled users.”",
            "European Commission",
        ),
    ],
)
def test_references_resolve_to_companies_or_public_bodies(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker
    assert quote.confidence <= 0.6


def test_according_to_an_outlet_yields_to_the_speaker_of_the_sentence() -> None:
    text = (
        'Lena Moritz said the fine was "proportionate" to the "gravity of the breaches and their duration," '
        "according to Politico."
    )
    found = quotes(text, ACME)
    assert [(q.text, q.speaker) for q in found] == [
        ("proportionate", "Lena Moritz"),
        ("gravity of the breaches and their duration", "Lena Moritz"),
    ]


def test_a_clause_between_the_quote_and_the_speaker() -> None:
    text = (
        "Acme has “abused its dominant position” as a seller of apps and services, the EU’s competition chief "
        "Lena Moritz said, adding that users had no “real choice of where to buy.”"
    )
    found = quotes(text, ACME)
    assert [q.speaker for q in found] == ["Lena Moritz", "Lena Moritz"]
    assert all(q.confidence <= 0.7 for q in found)


def test_unattributed_quote_takes_the_speaker_of_the_next_quote_in_its_paragraph() -> None:
    text = "“Why should anyone trust this” after years of leaks? “It is simply not credible,” Moritz argues."
    found = quotes(text, ACME)
    assert [q.speaker for q in found] == ["Moritz", "Moritz"]
    assert found[0].confidence <= 0.6


def test_a_quote_inside_a_sentence_takes_its_subject_with_low_confidence() -> None:
    text = "Paul Hendry wants the new law to ensure that the referee “cannot also be a player in the game.”"
    (quote,) = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == ("Paul Hendry", "person")
    assert quote.confidence <= 0.45
    (quote,) = quotes("One year earlier, the watchdog imposed a fine “for illegal practices in mobile markets”.")
    assert quote.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "NOYB, short for “none of your business,” filed eleven complaints.",
        "If Acme fails to comply, it could incur “periodic penalty payments,” the Commission said.",
        "Acme cites “legitimate interest” as its legal basis, the company said.",
        "Acme said in a blog post that its new “privacy hub” would launch in May.",
    ],
)
def test_terms_of_art_expansions_and_product_names_are_not_speech(text: str) -> None:
    # the rules; the learned term decision (on by default) keeps “privacy hub” after 'said ... that' (README)
    assert [q.text for q in extract_quotes(text, ALIASES, terms=False)] == []


# --------------------------------------------------------------------------- evaluation set 3: general rules


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an organisation (with its abbreviation) and a capitalised title before the name, after the verb
        ("“We will watch closely,” said Dutch Retail Federation (DRF) Managing Director Jan de Wit.", "Jan de Wit"),
        # an organisation and a title in lower case before the name
        ("“The door is open,” said Acme spokesperson Mara Lindqvist.", "Mara Lindqvist"),
        # an appositive role between the person and the verb, the quote on the next line
        (
            "Carla Mendes, Acme President, commented:\n“After ten years of talks, this is a real turning point for "
            "the sector and for the many small firms that depend on it every day of the year.”",
            "Carla Mendes",
        ),
        (
            "Carla Mendes, Managing Director of the Travel Association (TA), added:\n“It is now important to make "
            "sure that nobody circumvents these obligations or delays the changes that consumers were promised.”",
            "Carla Mendes",
        ),
        # an example named in the subject, lower case too; a progressive verb
        ("Critics such as noyb are calling the plan a “massive giveaway” to large platforms.", "noyb"),
        ("Groups including Lena Moritz have warned that the rules “will not survive the courts”.", "Lena Moritz"),
    ],
)
def test_speakers_after_titles_roles_and_examples(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker


def test_a_sentence_that_questions_or_underscores_introduces_the_next_quote() -> None:
    text = (
        "Paul Hendry, a former judge who helped draft the law, questioned the scale of the change. “Is this the "
        "end of the rules as we wrote them?” Anna Berg, deputy chair of the board, underscored the stakes, "
        "warning about shortcuts. “Profiles hold data that users may only want to share with a few friends.”"
    )
    assert [q.speaker for q in quotes(text, ACME)] == ["Paul Hendry", "Anna Berg"]


def test_an_organisation_name_is_kept_whole_and_a_leading_participle_clause_is_skipped() -> None:
    text = (
        "The Italian Data Protection Authority (GPDP) opened an inquiry in March. Announcing its decision on "
        'Friday, the GPDP said it had "fined Acme 15 million euros for several breaches of the law". It noted that '
        'Acme "did not tell users how their data was used to train its models".'
    )
    assert [q.speaker for q in quotes(text, ACME)] == ["GPDP", "GPDP"]  # not 'Announcing'
    text = "The Italian Data Protection Authority opened an inquiry. It said Acme had “no legal basis at all”."
    assert [q.speaker for q in quotes(text, ACME)] == ["Italian Data Protection Authority"]  # not its last 3 words


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Acme was fined by the Commission. The company’s spokesperson said: “We will appeal.”", "Acme"),
        ("Acme rejected the DPC’s findings. “We stand by our decision,” the regulator’s spokesperson said.", "DPC"),
        # 'it' after a sentence whose subject is an unknown single name: an organisation
        ("Zentrix lost its case on Monday. “We are disappointed by the ruling,” it said.", "Zentrix"),
    ],
)
def test_spokespeople_of_references_and_it_after_an_unknown_subject(text: str, speaker: str) -> None:
    (quote,) = quotes(text, {**ACME, "dpc": "company:dpc"})
    assert quote.speaker == speaker


def test_short_quotes_kept_as_speech() -> None:
    # next to a participle of speech
    assert texts("The group filed a notice, warning Acme of “significant legal risks” if it goes ahead.") == [
        "significant legal risks"
    ]
    # a fragment of reported speech after 'the', followed by a preposition rather than a noun
    text = "The Commission said that its door was open, but that it is the “sole responsibility” of firms to comply."
    assert [(q.text, q.speaker) for q in quotes(text)] == [("sole responsibility", "Commission")]
    # a list of quotes goes on with the same speaker
    found = quotes("Lena Moritz said the rules were “vague”, “costly” and “unworkable” for small firms.", ACME)
    assert [(q.text, q.speaker) for q in found] == [
        ("vague", "Lena Moritz"),
        ("costly", "Lena Moritz"),
        ("unworkable", "Lena Moritz"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # what someone calls THE thing is its name
        "The plans were packaged as what the Commission calls the “Digital Package,” meant to trim red tape.",
        # a principle, a concept
        "Acme did not respect the principle of “data minimisation by default,” the DPC found.",
        # an abbreviation being defined
        "Ireland’s regulator, the Data Protection Commission (“DPC”) announced a fine on Monday.",
    ],
)
def test_names_principles_and_definitions_are_not_speech(text: str) -> None:
    assert "special" not in texts(text)
    assert not {"Digital Package", "data minimisation by default", "DPC"} & set(texts(text))


def test_straight_single_and_low_nine_quotation_marks() -> None:
    # a headline in straight single quotes, introduced by a colon (Title Case is kept there)
    assert texts("Acme CEO on the new rules: 'If You Write the Rules, You Can't Also Play the Game'") == [
        "If You Write the Rules, You Can't Also Play the Game"
    ]
    # apostrophes and possessives in straight quotes are not quotation marks
    assert texts("The users' data and the companies' fees aren't fair, and it's the '90s again.") == []
    assert [
        (q.text, q.speaker) for q in quotes("„Das Urteil ist falsch und wir gehen in Berufung“, said Lena Berg.")
    ] == [("Das Urteil ist falsch und wir gehen in Berufung", "Lena Berg")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a role in lower case refers to the person named last, as 'he' or 'she' does
        ("Lena Moritz met Acme on Monday. “We will not hesitate to act,” the EU’s tech chief said.", "Lena Moritz"),
        ("Paul Hendry met the board. “We will keep talking,” the commissioner said.", "Paul Hendry"),
        # ... but a name after the role is the speaker
        ("“We will act,” said the bloc’s digital chief Paul Hendry.", "Paul Hendry"),
        # the next sentence opens with the speaker and a verb, however long it is
        (
            "“We will appeal this decision.” Acme said in a statement on Tuesday evening that it strongly disagreed "
            "with the findings.",
            "Acme",
        ),
    ],
)
def test_roles_and_a_long_next_sentence(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker


def test_short_quotes_after_a_colon_or_a_copula() -> None:
    assert texts("Acme fined €500m: “We will appeal”") == ["We will appeal"]
    assert texts("The report is titled: “Digital Age”.") == []  # a title, even after a colon
    found = quotes("Acme is “deeply disappointed” by the ruling, a spokesperson said.", ACME)
    assert [(q.text, q.speaker) for q in found] == [("deeply disappointed", "Acme")]


def test_a_closing_mark_in_opening_position_opens() -> None:
    found = quotes("”We will appeal this decision,” Acme said. Acme’s ”new” plan is ready.", ACME)
    assert [(q.text, q.speaker) for q in found] == [("We will appeal this decision", "Acme")]


def test_short_lines_that_end_their_sentences_are_paragraphs() -> None:
    # saved web text with short paragraphs, one a line: an unclosed quotation stops at the end of its line
    text = (
        "Lena Moritz, the head of the authority, spoke on Monday.\n"
        "She said the rules were clear.\n"
        "“This enforcement action shows how the failure to build in\n"
        "Acme was fined €20m last year."
    )
    assert texts(text) == ["This enforcement action shows how the failure to build in"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The rules are the rules,” as Lena Moritz put it on Thursday.", "Lena Moritz"),
        ("“We are not against regulation,” Paul Hendry conceded.", "Paul Hendry"),
        ("“This is a dark day for Europe,” remarked Anna Berg.", "Anna Berg"),
        ("“A bad decision,” retorted Anna Berg.", "Anna Berg"),
        ("“A bad decision,” thundered Acme, which will appeal.", "Acme"),
    ],
)
def test_more_verbs_of_speech(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker


# --------------------------------------------------------------------------- evaluation set 5: general rules


def test_an_appositive_description_with_an_article_gives_the_person_before_it() -> None:
    text = "Lena Moritz, a Dutch lawmaker for the Liberals, said she wanted the board “to act without any delay.”"
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Lena Moritz"


def test_the_object_of_a_naming_verb_is_not_the_speaker() -> None:
    text = "Paul Hendry has long criticised the rules and calls the Acme board a “club of gatekeepers.”"
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Paul Hendry"


def test_the_spokesperson_is_the_one_introduced_before() -> None:
    text = (
        "The Commission found several breaches in its report. An Acme spokesperson told reporters that the firm "
        "disagreed. “We have changed our tools since the law came into force,” the spokesperson said."
    )
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Acme"


def test_a_short_title_case_quote_inside_a_sentence_does_not_inherit_speech() -> None:
    text = (
        "The button that counts is the one a shopper presses, “Buy Now.” “Rules for the shop decide who sells "
        "in Germany,” Paul Hendry said."
    )
    assert texts(text) == ["Rules for the shop decide who sells in Germany"]


def test_labels_a_system_gives_and_the_list_after_them_are_not_speech() -> None:
    text = (
        "Listings flagged as having “fees that are far too high” or “fees that are not fair” are hidden, "
        "the regulator said."
    )
    assert texts(text) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a role with its body's name, then the person
        ("“We will act if we must,” warned the Deputy President of the Board Lena Moritz.", "Lena Moritz"),
        # an organisation's possessive, titles, then the person after a comma
        (
            "“The ruling is wrong,” explained Acme’s Vice President and Head of Public Policy, Paul Hendry, at once.",
            "Paul Hendry",
        ),
        # an organisation's possessive and a capitalised title, then the person
        ("“The ruling is wrong,” said Acme’s Chief Legal Officer Paul Hendry.", "Paul Hendry"),
    ],
)
def test_a_person_named_after_a_role_of_an_organisation(text: str, speaker: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == speaker


def test_name_comments_colon_and_a_surname_alone_label_a_quote() -> None:
    text = (
        "The Greens want an agency.\n\nGreens MEP Lena Moritz comments:\n\n“It is a pity to see the board give in "
        "to the pressure of the largest firms and of their many lobbyists."
    )
    assert [q.speaker for q in quotes(text, ACME)] == ["Lena Moritz"]
    text = "The draft leaked on Monday. Hendry: “This would be a huge step back for the rights of every user.”"
    assert [q.speaker for q in quotes(text, ACME)] == ["Hendry"]


def test_a_pronoun_and_verb_that_end_the_sentence_attribute_a_quote_inside_it() -> None:
    text = (
        "Lena Moritz spoke to the chamber on Tuesday.\n\nThe plan makes life easier for small firms, Moritz said. "
        "It is, with the European Skills Programme, a “quick answer” to calls to cut red tape, she said."
    )
    assert [(q.text, q.speaker) for q in quotes(text, ACME)] == [("quick answer", "Lena Moritz")]


def test_a_surname_mentioned_again_makes_its_person_the_last_one_named() -> None:
    text = (
        "Lena Moritz met Paul Hendry on Monday. Later, Moritz said the talks went well. “We are close to a deal,” "
        "she said."
    )
    assert [q.speaker for q in quotes(text, ACME)] == ["Lena Moritz"]


def test_a_fragment_after_deemed_is_a_judgement_quoted() -> None:
    text = "The Data Authority flagged the mails, which it deemed unlawful “direct selling” since no consent was given."
    assert texts(text) == ["direct selling"]


def test_a_one_letter_name_opening_the_sentence_is_the_speaker() -> None:
    text = "The Commission fined the platform. Q said it disagreed “with the findings of the Commission.”"
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Q"
    assert quotes("I said it was “far too early to tell.”", ACME)[0].speaker != "I"


# --------------------------------------------------------------------------- evaluation set 7: general mechanisms


@pytest.mark.parametrize(
    "text",
    [
        # 'the statement said', 'the report noted': the document speaks for the body named before it
        "The European Commission said on Monday that Acme broke the rules.\n\n“The risk for buyers is high,” the "
        "statement regarding Acme said.",
        # the document named by the sentence with a colon that introduces the quote's paragraph
        "The European Commission sent its findings to Acme. The preliminary findings outline two concerns:\n\n"
        "“Acme ranks its own services first.”",
        "The European Commission sent its findings to Acme.\n\nObservations from the findings include:\n\n"
        "“Acme ranks its own services first.”",
    ],
)
def test_a_document_speaks_for_its_author(text: str) -> None:
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "European Commission"


def test_a_document_speaks_for_the_organisation_quoted_last() -> None:
    text = (
        "“We will appeal,” Acme said. The European Commission declined to comment.\n\n"
        "“Our tools comply with the law,” the statement added."
    )
    assert [q.speaker for q in quotes(text, ACME)] == ["Acme", "Acme"]


@pytest.mark.parametrize(
    "intro",
    [
        "Ruritania’s data protection authority, the Acme Garante per la privacy, opened a case.",
        "The Acme Garante, Ruritania’s privacy watchdog, opened a case.",
    ],
)
def test_a_body_introduced_by_apposition_is_the_authority(intro: str) -> None:
    aliases = {**ACME, "acme garante": "company:acme-garante"}
    text = f"{intro} Zentrix was told to stop.\n\nThe firm’s app, the authority said, was “unlawful in many ways.”"
    (quote,) = quotes(text, aliases)
    assert quote.speaker == "Acme Garante"


def test_a_clause_after_a_body_is_no_apposition() -> None:
    text = (
        "The Acme Garante opened a case. According to the regulator, Zentrix collected data. "
        "“We will fight this,” the company said."
    )
    (quote,) = quotes(text, {**ACME, "acme garante": "company:acme-garante", "zentrix": "company:zentrix"})
    assert quote.speaker == "Zentrix"


def test_a_title_then_a_comma_then_the_person() -> None:
    text = "“The fine is the highest we have imposed,” said Acme Authority chairperson, Lena Moritz."
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Lena Moritz"


def test_a_name_after_at_is_where_a_person_works_not_a_person() -> None:
    text = (
        "Lena Moritz, a senior officer at Fair Money Watch, explained the risk: “Anyone could be refused a loan "
        "by a biased model,” she said."
    )
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "Lena Moritz"


def test_they_before_the_quote_is_the_subject_of_its_own_sentence() -> None:
    text = (
        "The European Commission proposed a delay. Not coincidentally, Acme and Zentrix welcomed the delay, "
        "although they called for “bolder” action."
    )
    (quote,) = quotes(text, {**ACME, "zentrix": "company:zentrix"})
    assert quote.speaker == "Acme"


def test_it_after_the_quote_is_who_reports_on_the_sentence_subject() -> None:
    text = (
        "In its decision, the European Commission noted several breaches. Moreover, Zentrix “has not provided "
        "any way to check the age of users”, it also noted."
    )
    (quote,) = quotes(text, {**ACME, "zentrix": "company:zentrix"})
    assert quote.speaker == "European Commission"


def test_a_description_then_the_name_beside_it_opens_the_sentence() -> None:
    text = (
        "A major industry lobby, the DTIA, which counts Acme among its members, welcomed the plan, yet urged "
        "“bolder” steps."
    )
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "DTIA"


def test_a_body_that_found_that_is_the_speaker() -> None:
    text = "The European Commission opened a case. Most pointedly, the regulator found that Zentrix “gave no way out.”"
    (quote,) = quotes(text, ACME)
    assert quote.speaker == "European Commission"


def test_a_fragment_in_any_clause_of_reported_speech_is_kept() -> None:
    text = (
        "Lena Moritz spoke on Monday. She adds that the tools can help but that “trusted bodies” who are "
        "“bound by strict rules” should run them."
    )
    assert [(q.text, q.speaker) for q in quotes(text, ACME)] == [
        ("trusted bodies", "Lena Moritz"),
        ("bound by strict rules", "Lena Moritz"),
    ]


def test_a_short_quote_in_a_clause_of_speech_is_kept_without_a_speaker() -> None:
    text = "An open letter from many groups claimed the plan had a “host of flaws” that break the law."
    assert [(q.text, q.speaker) for q in quotes(text, ACME)] == [("host of flaws", None)]


# --------------------------------------------------------------------------- the learned attribution ranker


def _load_trainer() -> ModuleType:
    return _load_script("train_ranker")


def _has_history() -> bool:
    """The extractor's past versions the trainer reads (its STALE commits) are in this checkout's git history."""
    import shutil
    import subprocess

    commits = ("20a7f7f", "70ef524", "35293f1", "35fcaf3", "79ac153", "d473f71")
    return shutil.which("git") is not None and all(
        subprocess.run(["git", "cat-file", "-e", f"{c}^{{commit}}"], cwd=REPO, capture_output=True).returncode == 0
        for c in commits
    )


def ranked(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text, {"acme": "company:acme"}, rank=True)]


def test_ranker_is_on_by_default() -> None:
    # switched on by the pre-registered rule of benchmarks/README.md (tests/articles, stale CV, set 10)
    from regterm.ingest import extract

    assert extract.RANK is True
    text = "Ana Li told reporters the firm had misled users. “The evidence is overwhelming,” the report said."
    assert extract_quotes(text) == extract_quotes(text, rank=True)


def test_ranker_weighs_a_person_who_spoke_before_a_document_the_rules_gave_to_a_company() -> None:
    # the rules: 'the report' speaks for the organisation named last (Acme, the company fined: no public body is
    # named); the ranker weighs the person the sentence before opens with, next to a verb of speech (round 6's and
    # round 8's weights chose her; round 9's, trained on twice the examples, keep the rules' choice here)
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    text = (
        "Acme Corp was fined on Monday. Ana Lindqvist, the regulator's chair, told reporters the company had misled "
        "its customers for years. “The evidence of harm to consumers is overwhelming,” the report said."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text, {"acme": "company:acme"}, rank=False)] == [
        ("The evidence of harm to consumers is overwhelming", "Acme")
    ]
    found, context = _extract(text, {"acme": "company:acme"})
    options = rank.candidates(rank._Article(context), 0, [(q.speaker, q.confidence) for q in found], found[0])
    ana = next(c for c in options if c.name == "Ana Lindqvist")
    assert {"person", "prev_sent", "subject", "subject_verb", "last_person"} <= set(ana.features)
    assert "rules" in options[0].features and options[0].name == "Acme" and options[-1].name is None


def test_ranker_keeps_a_speaker_named_next_to_the_quote() -> None:
    text = (
        "Ana Lindqvist told reporters the company had misled its customers for years. "
        "“We will appeal this decision in every court available to us,” said Tom Reed, Acme's lawyer."
    )
    assert ranked(text) == [("We will appeal this decision in every court available to us", "Tom Reed")]


def test_ranker_leaves_a_quote_with_nobody_around_unattributed() -> None:
    text = "The fine was announced on Monday.\n\n“Nothing will change for users in the short term.”"
    assert ranked(text) == [("Nothing will change for users in the short term.", None)]


def test_ranker_training_is_deterministic_on_a_small_sample() -> None:
    from regterm.ingest import rank

    rows = [({"rules": 1.0, "same_sent": 1.0}, 1), ({"same_sent": 1.0}, 0), ({"rules": 1.0}, 1), ({"far": 1.0}, 0)]
    rows += [({"rules": 1.0, "far": 1.0}, 0), ({"same_sent": 1.0, "far": 1.0}, 1)]
    first = rank.fit(rows, ("rules", "same_sent", "far"), 0.3)
    assert first == rank.fit(rows, ("rules", "same_sent", "far"), 0.3)
    assert set(first) == {"bias", "rules", "same_sent", "far"}
    assert first["rules"] > 0 > first["far"]


@pytest.mark.skipif(not _has_history(), reason="retraining reads the extractor's past versions from git history")
def test_retraining_on_the_tuning_articles_reproduces_the_shipped_weights() -> None:
    from regterm.ingest._rank_weights import WEIGHTS

    trainer = _load_trainer()
    weights, l2, report = trainer.train("both")
    # round 8: the best CV penalty among those that keep tests/articles all right
    assert f"chosen l2={l2}" in report
    assert trainer.tests_articles_attribution(weights) == 1.0
    assert weights.keys() == WEIGHTS.keys()
    assert all(abs(weights[k] - WEIGHTS[k]) < 1e-4 for k in WEIGHTS), {k: (weights[k], WEIGHTS[k]) for k in WEIGHTS}


def test_ranker_gives_an_anonymous_speaker_to_nobody_rather_than_the_person_named_before() -> None:
    text = (
        "The Commission's digital chief, Jan Kowalski, is expected to respond next month. Not all customers agree. "
        "“Honestly, it’s fine,” said one procurement manager, who asked not to be named."
    )
    assert ranked(text) == [("Honestly, it’s fine", None)]


def test_ranker_reference_agreement_and_one_word_bodies() -> None:
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    text = "Anna Berg, a lawyer, criticised Acme. “The fine is proportionate and lawful,” it said."
    _, context = _extract(text, {"acme": "company:acme"})
    assert [rank._reference(s) for s in context.sites] == ["org"]
    text = "Brussels fined Acme on Monday. “The fine is proportionate and lawful,” the regulator said."
    _, context = _extract(text, {"acme": "company:acme"})
    assert [rank._reference(s) for s in context.sites] == ["body"]
    assert [m.name for m in rank._Article(context).mentions] == ["Brussels", "Acme"]
    assert ranked("Anna Berg met Acme officials on Monday. “We will appeal the decision,” it said.") == [
        ("We will appeal the decision", "Acme")
    ]


def test_ranker_names_the_person_said_after_the_quote_with_a_title() -> None:
    # round 7: a verb of speech between the quote and a name after it ('said Acme spokesperson Lea Zuber'), the
    # last such name being the speaker; a name after a full stop does not count
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    text = (
        "Acme Corp was fined on Monday. “We will look at the decision carefully,” said Acme Corp spokesperson "
        "Lea Zuberova. Tom Reed asked for a delay."
    )
    found, context = _extract(text, {"acme corp": "company:acme"})
    article = rank._Article(context)
    end = context.sites[0].spans[-1].end
    named = [article.mentions[i].name for i in rank._said_after(article, end, 0, len(article.mentions))]
    assert named[-1] == "Lea Zuberova" and "Tom Reed" not in named
    ranked = rank.rerank(context, found)
    assert [(q.text, q.speaker) for q in ranked] == [("We will look at the decision carefully", "Lea Zuberova")]
    text = "“The fine is lawful.” Tom Reed, a lawyer, later asked the court for a delay."
    _, context = _extract(text, {})
    article = rank._Article(context)
    assert rank._said_after(article, context.sites[0].spans[-1].end, 0, len(article.mentions)) == []


# --------------------------------------------------------------------------- the learned speech-or-term decision


def _load_term_trainer() -> ModuleType:
    _load_trainer()  # train_terms imports train_ranker
    return _load_script("train_terms")


def test_term_decision_is_on_by_default() -> None:
    # switched on by the pre-registered rule of benchmarks/README.md (tests/articles, grouped CV, set 10)
    from regterm.ingest import extract

    assert extract.TERMS is True
    text = "According to the regulator, the answers were “totally insufficient.”"
    assert extract_quotes(text) == extract_quotes(text, terms=True)


def test_term_decision_leaves_long_quotes_and_terms_of_art_to_the_rules() -> None:
    text = (
        "Acme relied on “legitimate interest” for the ads. “We will appeal this decision in every court,” "
        "said Tom Reed, Acme's lawyer."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text, ACME, terms=True)] == [
        ("We will appeal this decision in every court", "Tom Reed")
    ]


def test_term_decision_rescues_a_judgement_the_rules_drop_and_keeps_names_of_things_out() -> None:
    text = "According to the regulator, the answers were “totally insufficient.”"
    assert [q.text for q in extract_quotes(text, ACME, terms=False)] == []  # the rules: 'according to' governs nothing
    assert [q.text for q in extract_quotes(text, ACME, terms=True)] == ["totally insufficient."]
    text = (
        "Acme sells its “Family Mode” feature in Europe. Critics say the so-called “pay or consent” model is unlawful."
    )
    assert extract_quotes(text, ACME, terms=True) == []


def test_term_decision_features_of_a_short_quote() -> None:
    from regterm.ingest import terms
    from regterm.ingest.extract import _extract

    collected: list[tuple[object, dict[str, float]]] = []
    _extract("Ana Li said the fees were “insane.” Acme sells its “Family Mode” feature.", ACME, collect=collected)
    assert len(collected) == 2
    spoken, named = (values for _, values in collected)
    assert spoken.get("verb_adjacent") or spoken.get("spoken")
    assert spoken.get("ends_sentence") and spoken.get("words1")
    assert named.get("modifier_noun") and named.get("title_case") and not named.get("rules_keep")
    assert set(spoken) - {"rules_keep"} <= set(terms.FEATURES)  # the rules keep it: not the classifier's to decide


@pytest.mark.skipif(not _has_history(), reason="retraining reads the extractor's past versions from git history")
def test_retraining_the_term_decision_reproduces_the_shipped_weights() -> None:
    from regterm.ingest._term_weights import THRESHOLD, WEIGHTS

    weights, _, threshold, _ = _load_term_trainer().train()
    assert weights.keys() == WEIGHTS.keys() and threshold == THRESHOLD
    assert all(abs(weights[k] - WEIGHTS[k]) < 1e-4 for k in WEIGHTS), {k: (weights[k], WEIGHTS[k]) for k in WEIGHTS}


# --------------------------------------------------------------------------- round 8 (benchmarks/eval/NOTES-round8.md)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Secretary of State Marco Rubio said the rules were “a disgrace.”", "Marco Rubio"),
        ("Microsoft President Brad Smith Reuters: “I think it’s likely we will sign.”", "Brad Smith"),
        ("The regulator fined the firm. New York-based Clearview said: “We disagree with the ruling.”", "Clearview"),
    ],
)
def test_a_name_loses_a_title_of_a_department_a_place_it_is_based_in_and_a_news_agency(text: str, speaker: str) -> None:
    assert [q.speaker for q in extract_quotes(text, ALIASES)] == [speaker]


def test_round_8_ranker_cues() -> None:
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    aliases = {"acme": "company:acme", "gdpr": "regulation:gdpr", "daniel ek": "person:daniel-ek"}
    text = (
        "The Garante ordered Acme to stop processing data under the GDPR, and its stock menu was cut. Menu Stock "
        "said nothing. Ek was not there. The following can be attributed to John Bergmayer, Legal Director at Public "
        "Knowledge:\n\n“This is absurd and draconian.”"
    )
    found, context = _extract(text, aliases)
    round8 = rank._Article(context)
    # a law the aliases know is no candidate (round 6 took the capitalised 'GDPR' for an organisation)
    assert "regulation:gdpr" in [key for _, _, key in context.hits]
    assert "GDPR" not in [m.name for m in round8.mentions]
    assert {round8.mentions[i].name: tag for i, tag in round8.affiliation.items()} == {
        "John Bergmayer": "has_org",
        "Public Knowledge": "org_of_person",
    }
    options = rank.candidates(round8, 0, [(q.speaker, q.confidence) for q in found], found[0])
    features = {c.name: {k for k, v in c.features.items() if v} for c in options}
    assert "lower_word" in features["Menu Stock"]  # 'stock' and 'menu' are written in lower case too
    assert "surname" in features["Ek"]  # Daniel Ek is a person the aliases name in full
    assert {"colon_intro", "has_org"} <= features["John Bergmayer"]
    assert {"colon_intro", "org_of_person"} <= features["Public Knowledge"]
    assert not {"surname", "colon_intro"} & features["Menu Stock"] and "lower_word" not in features["Ek"]
    # the rules give the statement to the organisation; the ranker to the person it is attributed to
    assert [q.speaker for q in found] == ["Public Knowledge"]
    assert [q.speaker for q in rank.rerank(context, found)] == ["John Bergmayer"]


def test_affiliations_before_a_name() -> None:
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    _, context = _extract("Acme's CEO Lea Zuberova said “no” to the plan.", {"acme": "company:acme"})
    article = rank._Article(context)
    assert {article.mentions[i].name: tag for i, tag in article.affiliation.items()} == {
        "Acme": "org_of_person",
        "Lea Zuberova": "has_org",
    }
    _, context = _extract("Acme fined Lea Zuberova, then said “no” to the plan.", {"acme": "company:acme"})
    assert rank._Article(context).affiliation == {}


# --------------------------------------------------------------------------- round 9 (benchmarks/eval/NOTES-round9.md)


@pytest.mark.parametrize(
    "text",
    [
        "Acme will appeal. A company spokesperson told The Wall Street Journal, “There is nothing unlawful here.”",
        "Acme will appeal. A company source told the El Pais newspaper; “There is nothing unlawful here.”",
        "Acme will appeal. “There is nothing unlawful here,” a company spokesman said.",
    ],
)
def test_a_company_spokesperson_speaks_for_the_company_named_before_not_the_newspaper(text: str) -> None:
    assert [(q.text.rstrip(",."), q.speaker) for q in extract_quotes(text, ALIASES | {"acme": "company:acme"})] == [
        ("There is nothing unlawful here", "Acme")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Following Musk, the Trump administration called it “regulatory suffocation.”", "Trump administration"),
        ("Under EU law, Ana Berg said the terms were “unfair”.", "Ana Berg"),
        ("The Million Fine said “it is unfair”.", None),
        ("The European said “it is unfair”.", None),
    ],
)
def test_a_name_loses_a_leading_preposition_and_words_that_are_no_speaker(text: str, speaker: str | None) -> None:
    assert [q.speaker for q in extract_quotes(text, ALIASES, rank=False)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Court of Justice ruled on Acme. The Commission had fined Acme in 2017. “By today’s judgment, the "
            "appeal is dismissed,” the court said in a press release.",
            "Court of Justice",
        ),
        ("The Commission had fined Acme in 2017. “The appeal is dismissed,” the court said.", None),
        ("The Commission fined Acme. “The fine is proportionate,” the regulator said.", "Commission"),
    ],
)
def test_the_court_said_is_a_court_not_the_body_it_judged(text: str, speaker: str | None) -> None:
    aliases = {"acme": "company:acme", "commission": "institution:commission", "court of justice": "court:cjeu"}
    assert [q.speaker for q in extract_quotes(text, aliases, rank=False)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "TikTok was fined by the Commission. The EU’s executive arm said the company disregarded “important "
            "indicators of compulsive use” of the app.",
            "Commission",
        ),
        (
            "The Dutch Data Protection Authority fined Clearview. The data agency said Clearview “has not contested "
            "the decision.”",
            "Dutch Data Protection Authority",
        ),
    ],
)
def test_a_body_described_speaks_about_the_party_named_after_its_verb(text: str, speaker: str) -> None:
    aliases = {
        "commission": "institution:commission",
        "tiktok": "company:tiktok",
        "clearview": "company:clearview",
        "dutch data protection authority": "regulator:ap",
    }
    assert [q.speaker for q in extract_quotes(text, aliases, rank=False)] == [speaker]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Consumer Protection Michael McGrath", "Michael McGrath"),
        ("Competition Margrethe Vestager", "Margrethe Vestager"),
        ("Competition Markets Authority", "Competition Markets Authority"),
        ("Democracy Reporting International", "Democracy Reporting International"),
        ("Finance Watch Europe", "Finance Watch Europe"),
        ("DIGITALEUROPE", "DIGITALEUROPE"),
        ("Michael R. Bloomberg", "Michael R. Bloomberg"),
        ("Brad Smith Reuters", "Brad Smith"),
        ("CNIL", "CNIL"),
    ],
)
def test_a_portfolio_word_goes_but_an_organisation_keeps_its_name(raw: str, name: str | None) -> None:
    from regterm.ingest.extract import _clean_name

    assert _clean_name(raw) == name


def test_a_committee_chair_loses_the_committee_before_her_name() -> None:
    from regterm.ingest.extract import _clean_name

    assert _clean_name("Education Nela Riehl") == "Nela Riehl"


def test_every_held_out_copy_of_a_tuning_article_is_left_out_of_the_figures() -> None:
    # the same page or wire story on both sides of the split would score text the extractor was tuned on
    assert bench.near_duplicates() == bench.DUPLICATES


# -------------------------------------------------------------------------- round 14 (benchmarks/eval/NOTES-round14.md)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Google bought a stake. The Competition and Markets Authority (CMA) said Alphabet had not gained “material "
            "influence” over the startup.",
            "Competition and Markets Authority",
        ),
        (
            "“Apple still uses unfair conditions,” the Authority for Consumers & Markets said.",
            "Authority for Consumers & Markets",
        ),
        ("United States Vice President JD Vance said Europe could “kill a transformative industry”.", "JD Vance"),
    ],
)
def test_a_body_named_with_and_or_for_is_kept_whole_and_a_portfolio_is_no_part_of_a_name(
    text: str, speaker: str
) -> None:
    assert [q.speaker for q in extract_quotes(text, ALIASES, rank=False)] == [speaker]


@pytest.mark.parametrize(
    "raw",
    ["European Commission for Digital Markets Act", "Commission for Digital Markets Act breaches"],
)
def test_a_law_ends_a_body_name_joined_with_for(raw: str) -> None:
    from regterm.ingest.extract import _NAME_ANY, _clean_name

    names = [_clean_name(m.group()) for m in _NAME_ANY.finditer(f"fined by the {raw}")]
    assert "Digital Markets Act" in names and not any(n and "for" in n.split() for n in names)
    # a commissioner after a portfolio is an office, kept whole; before a name, a title
    office = [_clean_name(m.group()) for m in _NAME_ANY.finditer("the Berlin Data Protection Commissioner")]
    assert office == ["Berlin Data Protection Commissioner"]
    assert [_clean_name(m.group()) for m in _NAME_ANY.finditer("Competition Commissioner Ana Berg")] == ["Ana Berg"]
    # the last word of a portfolio before a person's name ('Secretary of State Marco Rubio', 'Commissioner for
    # Defence and Space Andrius Kubilius'), not before a law's ('State Aid Act')
    assert (
        _clean_name("State Marco Rubio") == "Marco Rubio"
        and _clean_name("Space Andrius Kubilius") == "Andrius Kubilius"
    )
    assert _clean_name("State Aid Act") == "State Aid Act"


@pytest.mark.parametrize("text", ["3 Min Read", "Read More", "Published", "Per Associated Press", "One"])
def test_page_furniture_and_a_news_agency_after_per_are_no_name(text: str) -> None:
    from regterm.ingest.extract import _NAME_ANY, _clean_name

    assert [_clean_name(m.group()) for m in _NAME_ANY.finditer(text)] == [None]


def test_a_one_word_name_acting_mid_sentence_is_a_candidate() -> None:
    from regterm.ingest import rank
    from regterm.ingest.extract import _extract

    text = (
        "However, Virkkunen firmly rejected this notion in Brussels.\n\n“This is categorically not the case,” she "
        "said, adding that the law “applies exclusively within the European Union.”"
    )
    found, context = _extract(text, {})
    names = [m.name for m in rank._Article(context).mentions]
    assert "Virkkunen" in names and "Brussels" not in names  # acting, not a place after a preposition
    rules = [(q.speaker, q.confidence) for q in found]
    options = rank.candidates(rank._Article(context), 0, rules, found[0])
    assert "Virkkunen" in [c.name for c in options]  # before round 14 the only candidate was nobody


# -------------------------------------------------------------------------- round 15 (benchmarks/eval/NOTES-round15.md)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Co-Chairman Nicola Procaccini", "Nicola Procaccini"),
        ("Vice-Chair Ana Berg", "Ana Berg"),
        ("ALARMED REGULATORS GLOBALLY", None),  # a heading in capitals
        ("EU DPC", "EU DPC"),  # acronyms stay
        ("Published The", None),
        ("North American", None),
        ("Europeans", None),
        ("Truth Social", None),  # where Trump writes, not who
    ],
)
def test_co_titles_headings_in_capitals_nationalities_and_a_platform_are_no_name(raw: str, name: str | None) -> None:
    from regterm.ingest.extract import _clean_name

    assert _clean_name(raw) == name


def test_a_straight_mark_in_closing_position_closes_a_curly_quote_when_a_straight_one_reopens() -> None:
    text = (
        '“It is not up to them to decide how we enforce our rules," EU commissioner Henna Virkkunen told MEPs. '
        '"Europe decides for itself.”'
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text, {})] == [
        ("It is not up to them to decide how we enforce our rules", "Henna Virkkunen"),
        ("Europe decides for itself.", "Henna Virkkunen"),
    ]


@pytest.mark.parametrize("words", ["statement", "latest remarks", "post"])
def test_the_words_of_a_named_speaker_are_theirs(words: str) -> None:
    text = f"The EU may fine X. Vance’s {words}, “The EU should be supporting free speech,” shows his concern."
    assert [q.speaker for q in extract_quotes(text, {}, rank=False)] == ["Vance"]


# -------------------------------------------------------------------------- a review of rounds 14-18's changes


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will act,” said Federal Office for Information Security President Claudia Plattner.", "Claudia Plattner"),
        ("“We are ready,” said AI Office for Artificial Intelligence Director Lucilla Sioli.", "Lucilla Sioli"),
        ("“The rules are too strict,” said Per Strömbäck, a spokesman for the games industry.", "Per Strömbäck"),
        ("“The fine is disproportionate and unfair,” the EUROPEAN COMMISSION said.", "EUROPEAN COMMISSION"),
        ("“We will appeal the decision,” MICROSOFT CORPORATION said.", "MICROSOFT CORPORATION"),
        ("MARGRETHE VESTAGER: “We will not accept it.”", "MARGRETHE VESTAGER"),
    ],
)
def test_a_joined_body_name_stops_at_a_title_and_names_in_capitals_or_with_per_stay_names(
    text: str, speaker: str
) -> None:
    assert [q.speaker for q in extract_quotes(text, {})] == [speaker]


def test_the_body_before_a_title_and_per_before_a_news_agency() -> None:
    from regterm.ingest.extract import _clean_name

    assert _clean_name("Office for Information Security President") == "Office for Information Security"
    assert _clean_name("Per Associated Press") is None


def test_an_alias_with_a_capital_inside_is_matched_as_before() -> None:
    # only a capital FIRST letter makes an alias case-sensitive ('Free'); 'eBay' matches as it always did
    found = extract_quotes("“We will appeal the decision,” eBay said on Monday.", {"eBay": "company:ebay"})
    assert found[0].mentions == ("company:ebay",)


@pytest.mark.parametrize(
    "unit",
    [
        'a" ',  # straight marks that cannot open, inside an unclosed curly quotation
        "Xxxx’s statement “a b c.” ",  # one long sentence of quotes, each after a possessive
    ],
)
def test_hostile_paragraphs_take_linear_time(unit: str) -> None:
    def seconds(n: int) -> float:
        text = "He said “x " + unit * n + "end” today.\n" if unit.startswith("a") else unit * n
        start = time.perf_counter()
        extract_quotes(text, {})
        return time.perf_counter() - start

    small, large = seconds(2000), seconds(8000)
    assert large < 12 * small + 0.5  # about 4x when linear; a quadratic step would be about 16x


@pytest.mark.parametrize("raw", ["The Verge", "The Guardian", "The Information", "Per The Verge"])
def test_an_outlet_named_with_the_is_no_speaker(raw: str) -> None:
    from regterm.ingest.extract import _clean_name

    assert _clean_name(raw) is None  # 'The' is dropped first: the outlets are listed without it
