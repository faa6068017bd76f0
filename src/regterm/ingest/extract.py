"""Quote extraction from news articles: the quotations, who said them, and which known names they mention.

A pure library: no database, no UI. Feed it plain text (convert with :func:`html_to_text` or
:func:`markdown_to_text` first) and optionally an alias map, e.g. ``{"meta": "company:meta", "dma": "regulation:dma"}``.

Choices worth knowing:

- Quotation marks: straight ``"..."``, curly ``“...”``, ``„...“``, ``”...”`` (a closing mark in opening position),
  guillemets ``«...»`` and single ``‘...’`` or ``'...'`` when the mark opens a word after a space (so ``don’t``,
  ``Apple’s`` and ``the '90s`` are apostrophes); a straight single quote never closes on a plural possessive
  (``users' data``).
- A quote split by its attribution, ``“We are confident,” Ek said, “that this will change.”``, is TWO quotes,
  each exactly as printed (``We are confident`` and ``that this will change.``), both attributed to Ek: a quote
  is never joined from fragments (data/README.md's sourcing rules).
- A quote running over several paragraphs (news style: each paragraph reopens the mark, only the last one closes
  it) is reported once per paragraph; the open paragraphs take the speaker of the closing one.
- A comma left dangling at the end of a quote by the attribution (``“We will appeal,” Meta said``) is dropped:
  ``We will appeal``.
- Scare quotes and titles are dropped: quotes of fewer than four words are kept only when an attribution verb
  sits next to them or a speaker is found (``Spotify called it a “complete and total farce”``), never right after
  ``so-called``/``the``/``what the company calls`` nor between a determiner and a noun (``its “pay or consent”
  model``); unattributed Title Case phrases are dropped too.
- Pairing is tolerant: a straight mark may close a curly one and the other way round, and an opening mark in
  closing position (``“... 2025.“``) closes, when the expected closer does not come first.
- A block whose lines are long (saved web text) has a paragraph per line; hard-wrapped text keeps its lines.
- Attribution also comes from a participle (``Apple reacted, saying ...``: the sentence's subject), from the
  sentence before when it introduces the quote (``the DPC welcomed the decision. “...”``), and ``it``/``they``
  take the subject of one of the two sentences before; inferred speakers get confidence 0.6 at most.
- References resolve by kind: ``he``/``she`` to the last person (named in full or known by alias), ``the company``,
  ``the Swedish firm``, ``the iPhone maker`` to the last company (not a public body), ``the watchdog``,
  ``the EU's competition regulator`` to the last public body (a commission, court, authority ...).
- Names: a lower-case description before a name is skipped (``said competition commissioner Teresa Ribera``), so
  is the last word of a title's complement (``Vice-President for Security and Democracy Henna Virkkunen``); an
  appositive spokesperson yields to the person (``Tom Reed, a spokesperson for Acme,``); ``Name: “...”`` labels a
  quote; ``according to <outlet>`` yields to a speaker named in the quote's own sentence.
- A quote without a speaker takes that of the quote opening the next sentence of its paragraph (0.55), else,
  when it is kept, its sentence's subject if that is a person or a known organisation (0.45).
- Terms of art (``legitimate interest``, ``periodic penalty payments``, ``gatekeepers`` ...), expansions
  (``short for “none of your business”``) and product names (``its new “Family Mode” feature``) are not speech.
- Set 3's rules: an organisation and a title before a name (``said German Hotel Association Managing Director
  Markus Luthe``, ``said Commission spokesperson Lea Zuber``) and an appositive role after it (``Ana Li, Acme
  President, commented:``) give the person; ``groups such as noyb are calling ...`` gives noyb; progressive verbs
  (``are calling``) attribute; ``questioned``, ``underscored`` ... and participles make a sentence introduce the
  next quote; organisation names stay whole (``Italian Data Protection Authority``); an opening participial clause
  (``Declaring its decision, the GPDP ...``) is not the subject; ``the company’s spokesperson`` is the company;
  ``the EU’s tech chief``, ``the commissioner`` resolve like ``he``/``she``; ``it`` after ``Zentrix lost ...``
  is Zentrix; a next sentence that opens with a speaker and a verb attributes the quote before it, however long.
  Short quotes are kept next to a participle (``warning Meta of “significant legal risks”``), after a colon, after
  a copula or a determiner inside reported speech when attributed (``Apple is “deeply hurt” by``, ``said that it is
  the “sole responsibility” of``), and when they continue a list of quotes (``“vague”, “costly” and “unworkable”``);
  a word or two inherited mid-sentence is a term; ``what X calls the “...”``, ``the principle of “...”`` and
  definitions (``(“DPC”)``) are terms; a Title Case quote after a colon (a headline) is kept.
- Set 5's rules: an appositive description with an article (``Ana Li, a lawmaker for the Greens, said``) gives
  the person before it; after a naming verb (``calls the Commission a “...”``, ``dubbed``, ``accused`` ...) the
  words that follow are the object, the sentence's subject speaks; ``the spokesperson`` is the one introduced
  before (``a Meta spokesperson``); a person is named after a role of a body (``warned the Vice President of the
  Commission Ana Li``) or after an organisation's possessive and titles (``Acme’s Vice President ..., Ana Li,``);
  ``Name comments:`` and a surname alone opening its sentence (``Schrems: “...”``) label a quote; a speaker and
  verb that end the sentence attribute a quote inside it (``... an “immediate answer” to calls for less red
  tape, she said.``); a surname mentioned again makes its person the last one named (for ``she``); a name of one
  capital letter opening the sentence speaks (``X said it disagreed “...”``); more verbs (``retorted``,
  ``thundered``, ``deemed`` ...). Not speech: a Title Case quote of under four words inside a sentence that would
  only inherit a speaker (``taps “Add to Cart.”``), labels after ``flagged as (having)`` and the list of quotes
  that goes on from a dropped one.
- Set 7's mechanisms (broader than patterns): a document speaks for its author (``the statement said``, ``the
  report regarding Temu said``, a colon sentence naming ``the preliminary findings`` before the quote's paragraph):
  the organisation quoted last, else the public body named last; an organisation introduced by apposition to
  ``authority``/``regulator``/``watchdog`` (``Italy’s data protection authority, the Garante ...,``) is a public
  body for ``the authority``; ``said Acme chairperson, Ana Li`` gives the person; a name after ``at``/``for``
  (``officer at Finance Watch``) is no person; ``they``/``it`` before the quote refer to their own sentence's
  subject when it has one (after the quote, to the sentences before); a sentence adverb (``Not coincidentally,``)
  opens a clause; ``A major industry group, the CCIA, ...`` has the CCIA as subject; reported speech is any verb of
  speech with ``that`` (``found that`` too), and a short quote in a clause a verb of speech governs is speech,
  kept even without a speaker.
- Two learned parts, on by default since round 6 of issue #15 (``rank=False``, ``terms=False`` give the rules
  alone; benchmarks/README.md has the pre-registered rule and the figures that switched them on): a ranker
  (:mod:`regterm.ingest.rank`) chooses each speaker among the candidates around the quote, the rules' choice one
  of its features; a classifier (:mod:`regterm.ingest.terms`) gives the quotations of fewer than four words the
  rules drop a second chance as speech.
- Every step is linear or n log n in the text's length: one 400 KB paragraph takes about a second.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise

__all__ = ["Quote", "extract_quotes", "html_to_text", "markdown_to_text"]


@dataclass(frozen=True)
class Quote:
    """One quotation found in an article."""

    text: str
    speaker: str | None
    speaker_kind: str  # "person" | "organisation" | "unknown"
    sentence: str
    line: int
    confidence: float
    mentions: tuple[str, ...]  # alias keys matched in the quote and its sentence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------- HTML and Markdown to text

_BLOCK_TAGS = _words(
    "p div section article header footer main aside nav blockquote figure figcaption h1 h2 h3 h4 h5 h6 "
    "li ul ol dl dt dd table tr pre hr address details summary"
)
_SKIP_TAGS = _words("script style noscript template svg title")


class _TextParser(HTMLParser):
    """Collect visible text, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if tag in self._skipping:
                del self._skipping[self._skipping.index(tag) :]
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: scripts and styles dropped, entities decoded, blocks as paragraphs."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_MD_LINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S.*$"), ""),  # reference definitions
    (re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$"), ""),  # horizontal rules
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$"), r"\1"),  # ATX headings
    (re.compile(r"^\s{0,3}(?:>\s?)+"), ""),  # blockquote markers
    (re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+"), ""),  # list markers
    (re.compile(r"^\s*(?:=+|-+)\s*$"), ""),  # setext heading underlines
)
_MD_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [t](u) -> t
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [t][ref] -> t
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1", re.S), r"\2"),  # bold
    (re.compile(r"\*(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\*", re.S), r"\1"),  # *italic*
    (re.compile(r"(?<!\w)_(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)_(?!\w)", re.S), r"\1"),  # _italic_
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strikethrough
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~\"'])")


def markdown_to_text(md: str) -> str:
    """Plain text of a Markdown document, line for line: markers, emphasis and link targets removed."""
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\ue000{len(escaped) - 1}\ue001"

    lines = []
    for line in _MD_ESCAPE.sub(hide, md).splitlines():
        for pattern, replacement in _MD_LINE_RULES:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    text = "\n".join(lines)
    for pattern, replacement in _MD_INLINE_RULES:
        text = pattern.sub(replacement, text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], text).strip("\n")


# --------------------------------------------------------------------------- vocabulary

_CAP = r"(?:[A-ZÀ-Þ][a-zß-ÿ]*[a-zß-ÿ](?:[A-Z][a-zß-ÿ]+)?(?:-[A-Za-zÀ-ÿ][a-zß-ÿ]+)?|[A-Z]{2,}s?)"
_PARTICLE_WORDS = _words("van von de der den da di du le la del dos ter")
_PARTICLES = r"(?:(?:van|von|de|der|den|da|di|du|le|la|del|dos|ter)\s+){0,2}"
_PLAIN_NAME = rf"{_CAP}(?:[ \t]+{_PARTICLES}{_CAP}|[ \t]*\n[ \t]*{_CAP}){{0,6}}"  # may wrap a line, not a paragraph
# a body's name joined by 'and', '&' or 'for' ('Competition and Markets Authority', 'Authority for Consumers & Markets',
# 'Hamburg Commissioner for Data Protection'); not 'the Commission for Digital Markets Act breaches'
_LAW_WORD = r"(?:Act|Regulation|Directive|Law)(?![\w-])"
_JOINED_NAME = (
    rf"(?:{_CAP}[ \t]+){{1,3}}(?:and|&)[ \t]+(?:{_CAP}[ \t]+){{0,2}}"
    r"(?:Authority|Commission|Agency|Office|Board|Council|Committee|Institute|Association|Alliance|Federation)(?![\w-])"
    rf"|(?:{_CAP}[ \t]+){{0,2}}(?:Authority|Commission|Agency|Office|Board|Council|Committee|Ministry|"
    rf"Department|Institute|Inspectorate)[ \t]+for[ \t]+(?:the[ \t]+)?(?!{_LAW_WORD}){_CAP}(?![\w-])"
    rf"(?:[ \t]+(?:(?:and|&|of)[ \t]+)?(?!{_LAW_WORD}){_CAP}(?![\w-]))+(?![ \t]+{_LAW_WORD})"
)
NAME = rf"(?:{_JOINED_NAME}|{_PLAIN_NAME})"
_SPOKES = r"(?:spokes(?:person|woman|man|people)|representative|press officer|press office)"

_TITLES = _words(
    "ceo cfo coo cto chief executive commissioner vice-president vice president chair chairman chairwoman "
    "chairperson minister secretary general director senator mep mr mrs ms dr prof professor sir dame lord lady "
    "judge justice advocate spokesperson spokesman spokeswoman founder co-founder head deputy rapporteur officer "
    "chancellor mayor governor lawyer analyst economist manager partner senior commissioner-designate president "
    "adviser advisor counsel activist campaigner researcher"
)
# the last word of a commissioner's or minister's portfolio, left before their name
_PORTFOLIOS = _words(
    "protection democracy justice competition security trade economy affairs rights markets consumers technology "
    "sovereignty innovation research energy finance health industry policy services transition enforcement "
    "education culture environment employment agriculture transport defence interior development budget climate "
    "equality values transparency communications media cohesion skills state space treasury commerce labor labour "
    "homeland"
)
# words that end an organisation's name rather than a person's ('Health Action International')
_ORG_TAILS = _words("international europe watch reporting action initiative forum council centre center federation")
# news agencies a garbled credit leaves after a name
_AGENCIES = frozenset({"Reuters", "AFP", "AP", "dpa", "ANSA", "EFE", "POLITICO", "Euractiv"})  # not 'Bloomberg': a name
_DAYS_MONTHS = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december"
)
_STOPWORDS = _words(
    "the a an and but or yet so however meanwhile still then later earlier in on at for by with from to of as "
    "after before when while since because although though if asked speaking writing separately instead also "
    "now today yesterday this that these those last next it its he she they we i you there here his her their "
    "critics analysts officials regulators lawyers campaigners rivals users developers observers others some many "
    "experts sources executives diplomats people consumers economists both neither several "
    "under following despite amid why how unlike like within without across over against through during about "
    "one published posted updated what"
)
# never a speaker: words a capitalised run picks up ('Million Fine', 'Decision'), an adjective of nationality alone
# ('European', 'Swedish'), and (_OUTLETS) news outlets, named without the 'the' a name loses first ('The Verge'): a
# quote 'told the Wall Street Journal' is the subject's
_NOT_SPEAKERS = _words(
    "million billion fine fines decision decisions euro euros percent european swedish spanish french german "
    "italian dutch irish belgian polish austrian danish finnish portuguese greek american british chinese "
    "min read more published posted updated share europeans americans north south east west"
)
_OUTLETS = frozenset(
    {
        "wall street journal",
        "financial times",
        "new york times",
        "washington post",
        "el pais",
        "el país",
        "le monde",
        "handelsblatt",
        "reuters",
        "politico",
        "techcrunch",
        "verge",
        "associated press",
        "afp",
        "dpa",
        "ansa",
        "euractiv",
        "bbc",
        "cnbc",
        "cnn",
        "guardian",
        "information",
        "axios",
        "semafor",
        "mlex",
        "truth social",
        "europa press",
    }
)
_ORG_WORDS = _words(
    "commission parliament council court union authority agency office ministry department board committee "
    "group games inc ltd llc plc gmbh ag corp corporation company foundation institute association bureau "
    "alliance coalition network technologies platforms labs bank university partners capital"
)
_NOT_PERSON = _ORG_WORDS | _words(
    "act regulation directive store times post news journal markets market services app apps play pay "
    "kingdom states republic korea zealand valley tech big street european strategy wallet programme program"
)
_VERB = re.compile(
    r"(?<![\w-])(?:said|says|say|told|tells|wrote|writes|added|adds|argued|argues|warned|warns|stated|insisted|"
    r"insists|explained|explains|noted|asked|asks|replied|replies|stressed|stresses|claimed|declared|declares|"
    r"commented|comments(?=\s*:)|responded|responds|posted|tweeted|called|calls|described|describes|continued|concluded|"
    r"acknowledged|admitted|countered|asserts|asserted|believes|believed|emphasi[sz]es|emphasi[sz]ed|ordered|"
    r"urged|urges|label(?:l)?ed|dubbed|branded|regards|regarded|termed|critici[sz]ed|accused|slammed|"
    r"maintains|maintained|pledged|pledges|pointed\s+out|points\s+out|cautioned|announced|announces|"
    r"remarked|remarks|observed|observes|contended|contends|conceded|concedes|recalled|recalls|quipped|confirmed|"
    r"confirms|suggested|suggests|predicted|predicts|complained|complains|alleged|alleges|reiterated|reiterates|"
    r"affirmed|affirms|demanded|demands|joked|pleaded|protested|put\s+it|puts\s+it|retorted|retorts|thundered|"
    r"fumed|scoffed|exclaimed|deemed|deems|(?:found|finds)(?=\s+that\b)|"
    r"according\s+to|(?:is|are|was|were|has\s+been|have\s+been)\s+(?:saying|calling|warning|arguing|claiming|"
    r"insisting|describing|urging|labell?ing|branding|dubbing|telling))(?![\w-])",
    re.I,
)
_PARTICIPLE = re.compile(
    r"(?<![\w-])(?:saying|adding|arguing|calling|label(?:l)?ing|describing|warning|accusing|insisting|claiming|"
    r"expressing|noting|stressing|branding|dubbing|urging|stating|explaining|describing|pointing\s+out|"
    r"asserting|maintaining|telling|writing|recalling)(?![\w-])",
    re.I,
)
_OBJECT_VERB = re.compile(  # verbs whose next words are their object, never an inverted speaker
    r"(?i)called|calls|label(?:l)?ed|dubbed|branded|described|describes|termed|accused|urged|urges|ordered|"
    r"critici[sz]ed|slammed|regards|regarded"
)
_REACTION = re.compile(
    r"(?i)(?<![\w-])(?:welcomed|welcomes|reacted|reacts|rejected|rejects|defended|defends|dismissed|dismisses|"
    r"disputed|disputes|disagreed|disagrees|praised|praises|hit\s+back|pushed\s+back|fired\s+back|echoed|"
    r"announced|announces|struck\s+back|criticises|criticizes|condemned|condemns|vowed|vows|promised|questioned|"
    r"questions|underscored|underscores|underlined|highlighted|highlights|hailed|hails|lamented|laments|"
    r"expressed|voiced|reiterated|reiterates|acknowledged|explained|outlined)(?![\w-])"
)
_LEADING_CLAUSE = re.compile(
    r"(?i)^\s*(?:(?:in|on|at|after|before|during|speaking|writing|asked|responding|reacting|following|despite|under|"
    r"[a-z]{3,}ing|"  # 'Declaring its decision on Friday, the GPDP noted ...'
    r"(?:not\s+)?[a-z]{2,}(?:ally|ately|ously|edly|ingly|ively|ently|antly|ably|ibly)|"  # 'Not coincidentally, ...'
    r"with|however|meanwhile|separately|earlier|later|instead|still|yet|now|today|yesterday|last\s+\w+|"
    r"this\s+\w+)\b[^,.;:!?“”\"]{0,120},\s*)+"
)
_STATEMENT = re.compile(r"(?i)\bstatement\b")
_DETERMINER = re.compile(r"(?i)(?<!\w)(?:the|its|their|these|those|our|his|her)\s*$")
_MODIFIER_BEFORE = re.compile(
    r"(?i)(?:(?<!\w)(?:the|its|their|his|her|our|a|an|this|that)|\w[’']s)"
    r"(?:\s+(?:new|own|latest|revamped|flagship|proposed|planned|upcoming))?\s*$"  # its new “Family Mode” feature
)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:said|says|told|added|wrote|he|she|it|they|the|a|an|and|or|but|to|for|of|in|on|by|with|from|against|"
    r"over|at|as|that|which|who|whom|whose|because|is|was|were|are|if|unless|when|after|before|while|since|so|"
    r"than)\b)[a-z][\w-]*"
)
_PASSIVE = re.compile(r"(?i)(?<!\w)(?:was|were|been|being|is|are|be|get|got)\s+$")
_NAMING = re.compile(
    r"(?i)(?:so-called|known\s+as|the\s+term|titled|entitled|named|(?<!\w)(?:what|which)\s+(?:[\w’'-]+\s+){0,4}"
    r"(?:calls?|called|dubs?|dubbed|terms?|termed)(?:\s+(?:the|its|their))?)\s*$"  # 'what the EC calls the “...”'
)
_LABELLED = re.compile(  # 'flagged as having “...”': the name of a label a system gives
    r"(?i)(?<!\w)(?:flagged|marked|tagged|classified|classed|categori[sz]ed|rated)\s+as(?:\s+(?:having|being))?\s*$"
)
_PRINCIPLE = re.compile(  # 'the principle of “privacy by design”': the name of a principle
    r"(?i)(?<!\w)(?:principles?|concept|notion|doctrine|category|categories|definition)\s+of(?:\s+(?:the|a|an))?\s*$"
)
_REPORTED = re.compile(  # a clause of reported speech: 'the Commission said that its door ... but that it is the'
    rf"(?:{_VERB.pattern})\s+that\b", re.I
)
_COPULA = re.compile(r"(?i)(?<![\w-])(?:is|was|were|are|remains?|remained|felt|feels|seemed|seems)\s+(?:\w+ly\s+)?$")
_DEFINITION = re.compile(r"\(\s*$")  # 'the Data Protection Commission (“DPC”)': an abbreviation being defined
_EXPANSION = re.compile(r"(?i)(?<!\w)(?:short\s+for|stands?\s+for|standing\s+for|acronym\s+for|abbreviation\s+of)\s*$")
# Terms of art of EU tech regulation: quoted alone, they name a thing, they are not speech
_TERMS = frozenset(
    (
        "gatekeeper",
        "gatekeepers",
        "legitimate interest",
        "legitimate interests",
        "pay or consent",
        "consent or pay",
        "pay-or-consent",
        "consent-or-pay",
        "periodic penalty payment",
        "periodic penalty payments",
        "very large online platform",
        "very large online platforms",
        "very large online search engine",
        "core platform service",
        "core platform services",
        "dark patterns",
        "notice and action",
        "notice and takedown",
        "trusted flaggers",
        "systemic risks",
        "general-purpose ai",
        "self-preferencing",
        "anti-steering",
        "interoperability by design",
        "right to be forgotten",
        "privacy by design",
        "adequacy decision",
        "standard contractual clauses",
        "high-risk",
    )
)
_EXPRESSING = re.compile(
    r"(?i)(?<!\w)(?:expressing|expressed|voicing|voiced|calling|called|calls|label(?:l)?ing|label(?:l)?ed|dubbed|"
    r"branded|described\s+as|regards?\s+\S+(?:\s+\S+){0,3}\s+as)\s+(?:its|their|his|her|the|it|them|a|an)?\s*$|"
    r"(?<!\w)(?:calling|called|calls|label(?:l)?ing|label(?:l)?ed|dubbing|dubbed|branding|branded)\s+"
    r"(?:the|this|that|its|their|his|her)\s+[\w’'-]+\s+(?:a|an)?\s*$"  # 'calling the proposal a “...”'
)

_MEDIA = r"(?:statement|interview|blog\s+post|post|letter|email|e-mail|note|filing|press\s+release|video|speech|memo)"
_TRAILING_NOISE = re.compile(
    r"(?i)(?:[\s,]+|\s+(?:also|later|previously|once|then|again|recently|earlier|has|had|have|would|will|publicly|"
    r"separately|further|yesterday|today|tonight|who|which)"
    r"|\s+(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|"
    rf"year|night|morning|afternoon|evening)|\s+(?:in|on)\s+(?:a|an|its|his|her|their)\s+{_MEDIA})$"
)
_LEADING_NOISE = re.compile(
    rf"(?i)^(?:[\s,:—–-]+|(?:dr|mr|mrs|ms|prof|sen|rep|gen)\.(?=\s)|(?:(?:in|on)\s+(?:a|an|its|his|her|their)\s+"
    rf"{_MEDIA}(?:\s+(?:on|to)\s+[\w’'.]+)?|(?:on|last)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|week)|also|later|earlier|today|yesterday|again|at\s+a\s+press\s+conference|to\s+reporters)\b)"
)

_SPOKES_BODY = (
    rf"(?:(?:[Aa]n?|[Tt]he)\s+(?:(?P<org>{NAME})(?:['’]s)?\s+)?|(?P<org3>{NAME})['’]s\s+){_SPOKES}"
    rf"(?:\s+(?:for|at|of|from)\s+(?:the\s+)?(?P<org2>{NAME}))?"
)
_OFFICIALS_BODY = rf"(?:(?:[Aa]n?|[Tt]he|[Ss]enior|[Oo]ne)\s+)?(?:(?P<org>{NAME})\s+)?(?i:officials?)"
_SPOKES_ANY = re.compile(rf"(?<![\w’'-]){_SPOKES_BODY}")
_PRONOUN = r"(?i:he|she|they|it)"
_GOV = rf"[Tt]he\s+((?:{NAME})\s+(?:administration|government|presidency))"
_BODY_REF = (
    r"(?:[Tt]he|[Tt]his)\s+(?:[\w.’'-]+\s+){0,3}?"
    r"(?:watchdog|regulator|authority|agency|supervisor|tribunal|EU\s+executive|executive(?:\s+arm)?|court|judges|"
    r"commission)"  # lower case: not a name
    rf"(?:['’]s\s+{_SPOKES})?"  # 'the regulator’s spokesperson': the regulator
)
_REF = (
    r"(?:(?:[Tt]he|[Tt]his)\s+(?:[\w.-]+\s+){0,2}?"
    r"(?i:company|firm|group|giant|maker|conglomerate|retailer|start-?up|platform|marketplace)"
    rf"(?:['’]s\s+{_SPOKES})?"  # 'the company’s spokesperson': the company
    rf"|(?:[Aa]n?|[Tt]he)\s+(?:company|firm)\s+(?:{_SPOKES}|source|official))"  # 'a company spokesperson told ...'
)
_ROLE = (  # 'the EU’s tech chief', 'the commissioner', 'the Apple boss': the person named last, as 'he' or 'she'
    r"(?:[Tt]he|[Tt]his)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?i:chief|chief\s+executive|commissioner|minister|boss|head|founder|co-founder|president|chair|chairman|"
    r"chairwoman|ceo|director|judge|lawmaker|mep|activist|campaigner)"
)
_OF_NAME = rf"(?:[ \t]+of[ \t]+(?:the[ \t]+)?{NAME}){{0,2}}"  # 'the Court of Justice of the European Union'
# 'the statement', 'the report regarding Temu', 'the preliminary findings': a document speaks for its author
_DOC = (
    r"(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:statement|report|(?:press\s+)?release|findings|decision|document|documents|communiqu[ée]|notice|filing)"
    rf"(?:\s+(?:regarding|on|about|concerning|of)\s+{NAME})?"
)
_END = {
    "spokes": re.compile(rf"(?<![\w’'-]){_SPOKES_BODY}$"),
    "officials": re.compile(rf"(?<![\w’'-]){_OFFICIALS_BODY}$"),
    "pronoun": re.compile(rf"(?<![\w’'-])({_PRONOUN})$"),
    "ref": re.compile(rf"(?<![\w’'-])({_REF})$"),
    "body": re.compile(rf"(?<![\w’'-])({_BODY_REF})$"),
    "role": re.compile(rf"(?<![\w’'-])({_ROLE})$"),
    "gov": re.compile(rf"(?<![\w’'-]){_GOV}$"),
    "doc": re.compile(rf"(?<![\w’'-])({_DOC})$"),
    "org": re.compile(rf"(?<![\w’'-])[Tt]he\s+({NAME}{_OF_NAME})$"),
    "name": re.compile(rf"(?<![\w’'-])({NAME})$"),
    # 'groups such as noyb are calling ...': the example named (lower case too: 'noyb')
    "example": re.compile(rf"(?<![\w’'-])(?:such\s+as|including|like)\s+((?:{NAME})|[a-z][\w-]+)$"),
}
_STOP = r"(?=$|[\s,.;:!?—–)])"
_START = {
    "spokes": re.compile(rf"^{_SPOKES_BODY}{_STOP}"),
    "officials": re.compile(rf"^{_OFFICIALS_BODY}{_STOP}"),
    "pronoun": re.compile(rf"^({_PRONOUN}){_STOP}"),
    "ref": re.compile(rf"^({_REF}){_STOP}"),
    "body": re.compile(rf"^({_BODY_REF}){_STOP}"),
    "role": re.compile(rf"^({_ROLE})(?![ \t]+[A-ZÀ-Þ]){_STOP}"),  # not 'the tech chief Paul Hendry'
    "gov": re.compile(rf"^{_GOV}{_STOP}"),
    "doc": re.compile(rf"^({_DOC}){_STOP}"),
    "org": re.compile(rf"^[Tt]he\s+({NAME}{_OF_NAME}){_STOP}"),
    "name": re.compile(rf"^({NAME}){_STOP}"),
}
_ORG_NOUN = re.compile(
    r"(?i)(?<!\w)(?:association|group|company|firm|site|app|service|platform|think\s+tank|organisation|"
    r"organization|newspaper|start-?up|body|regulator|network|campaign|ngo|union|agency|lobby)\s+$"
)
_NAME_ANY = re.compile(rf"(?<![\w’'-]){NAME}")


def _clean_name(raw: str) -> str | None:
    """Drop titles and sentence words around a capitalised run: 'But CEO Tim Cook' -> 'Tim Cook'."""
    name = _cleaned(raw)
    tokens = name.split() if name else []
    if (
        len(tokens) == 3
        and tokens[0].lower() in _PORTFOLIOS
        and not any(t.lower() in _ORG_WORDS | _ORG_TAILS | _NOT_PERSON for t in tokens[1:])
    ):  # 'Consumer Protection Michael McGrath': the last word of a commissioner's portfolio before the name (not
        return " ".join(tokens[1:])  # 'Democracy Reporting International', 'Finance Watch Europe')
    return name


def _title(token: str) -> bool:
    """A title word, also with 'co-' or 'vice-' before it ('Co-Chairman', 'Vice-Chair')."""
    low = token.lower()
    return low in _TITLES or (low.startswith(("co-", "vice-")) and low.split("-", 1)[1] in _TITLES)


def _outlet(tokens: Sequence[str]) -> bool:
    """A news outlet's name ('Associated Press', 'The Verge')."""
    return re.sub(r"^the\s+", "", " ".join(tokens).casefold()) in _OUTLETS


def _cleaned(raw: str) -> str | None:
    tokens = [t.rstrip("’'") for t in raw.split()]
    if tokens[:1] == ["Per"] and _outlet(tokens[1:]):
        return None  # 'Per Associated Press, Meta plans to appeal': an outlet, not Per (a first name) of it
    joined = [i for i, t in enumerate(tokens) if t in ("and", "&", "for")]
    titles = [i for i, t in enumerate(tokens) if _title(t)]
    if joined and not (titles and titles[-1] > joined[0]):  # a body's joined name ('Competition and Markets Authority')
        while tokens and tokens[0].lower() in _STOPWORDS:
            tokens.pop(0)
        return " ".join(tokens) or None
    if joined and titles[-1] == len(tokens) - 1:  # 'Office for Information Security President': the body
        return _cleaned(" ".join(tokens[: titles[-1]]))
    based = [i for i, t in enumerate(tokens) if t.lower().endswith("-based")]
    if based and based[-1] < len(tokens) - 1:  # 'New York-based Clearview' -> 'Clearview'
        tokens = tokens[based[-1] + 1 :]
    titled = [i for i, t in enumerate(tokens) if _title(t)]
    if titled and titled[-1] < len(tokens) - 1:
        tokens = tokens[titled[-1] + 1 :]
        if len(tokens) >= 4 and tokens[0] == "of":  # 'Secretary of State Marco Rubio' -> 'Marco Rubio'
            tokens = tokens[2:]
    if len(tokens) >= 3 and tokens[-1] in _AGENCIES:  # 'Microsoft President Brad Smith Reuters:' (a garbled credit)
        tokens.pop()
    while tokens and (tokens[0].lower() in _TITLES | _STOPWORDS | _DAYS_MONTHS):
        tokens.pop(0)
    while (
        tokens
        and tokens[-1].lower() in _DAYS_MONTHS | _TITLES
        and tokens[-2:-1] != ["of"]
        and not (tokens[-1].lower() == "commissioner" and tokens[-2:-1] and tokens[-2].lower() in _PORTFOLIOS)
    ):  # not 'Berlin Data Protection Commissioner' (an office)
        tokens.pop()
    org = [i for i, t in enumerate(tokens) if t.lower() in _ORG_WORDS and tokens[i + 1 : i + 2] != ["of"]]
    if org and org[-1] < len(tokens) - 2:  # 'Federal Trade Commission Andrew Ferguson' -> 'Andrew Ferguson'
        tokens = tokens[org[-1] + 1 :]
    if not tokens or all(t.lower() in _NOT_SPEAKERS for t in tokens) or _outlet(tokens):
        return None
    if (
        len(tokens) >= 3
        and all(t.isupper() for t in tokens)
        and any(len(t) > 5 for t in tokens)
        and not any(t.lower() in _ORG_WORDS | _ORG_TAILS for t in tokens)
    ):  # a heading in capitals ('ALARMED REGULATORS GLOBALLY'), not a name ('EUROPEAN COMMISSION', 'EU DPC')
        return None
    office = len(tokens) > 1 and tokens[-1].lower() == "commissioner" and tokens[-2].lower() in _PORTFOLIOS
    if (
        "of" in tokens or office or (tokens and tokens[-1].lower() in _ORG_WORDS)
    ):  # 'Court of Justice', 'Italian Data ...'
        return " ".join(tokens) or None
    keep = 0
    for i in range(len(tokens) - 1, -1, -1):  # the last three words, not counting particles ('von der Leyen')
        keep += tokens[i] not in _PARTICLE_WORDS
        if keep == 3:
            return " ".join(tokens[i:])
    return " ".join(tokens) or None


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- speaker phrases


@dataclass(frozen=True)
class _Phrase:
    kind: str  # "spokes" | "pronoun" | "ref" | "org" | "name"
    value: str
    start: int  # where the phrase starts in the parsed string


def _phrase(kind: str, match: re.Match[str]) -> _Phrase | None:
    if kind in ("spokes", "officials"):  # 'a spokesperson for Meta', 'Commission officials': the organisation
        org = next(
            (match.group(g) for g in ("org", "org2", "org3") if match.re.groupindex.get(g) and match.group(g)), ""
        )
        return _Phrase("spokes", (_clean_name(org) or "") if org else "", match.start())
    if kind in ("pronoun", "ref", "body", "role", "doc"):
        return _Phrase(kind, _norm(match.group(1)).lower(), match.start())
    if kind == "gov":  # 'the Trump administration'
        return _Phrase("org", _norm(match.group(1)), match.start())
    if kind == "example":
        return _Phrase("name", _norm(match.group(1)), match.start(1))
    name = _clean_name(match.group(1))
    if name and kind == "name" and _COMPLEMENT.search(match.string[: match.start(1)]):
        tokens = name.split()  # 'Vice-President for Security and Democracy Henna Virkkunen': the title's last word
        if len(tokens) >= 3 and tokens[1] not in _PARTICLE_WORDS and tokens[0] not in _PARTICLE_WORDS:
            name = " ".join(tokens[1:])
    return _Phrase(kind, name, match.start()) if name else None


_COMPLEMENT = re.compile(r"(?<![\w-])(?:for|of|and|on)\s+$")


def _match_phrase(s: str, patterns: Mapping[str, re.Pattern[str]]) -> _Phrase | None:
    for kind, pattern in patterns.items():
        match = pattern.search(s)
        found = _phrase(kind, match) if match else None
        if found:
            return found
    return None


def _strip_trailing(s: str) -> str:
    while True:
        stripped = _TRAILING_NOISE.sub("", s)
        if stripped == s:
            return s
        s = stripped


def _strip_leading(s: str) -> str:
    while True:
        stripped = _LEADING_NOISE.sub("", s, count=1).lstrip()
        if stripped == s:
            return s
        s = stripped


def _speaker_at_end(region: str) -> _Phrase | None:
    """The speaker phrase ending `region` (the words before a verb), skipping up to two appositives."""
    s = re.sub(r"\s*\([^()]{0,80}\)", "", region)  # 'Anna Cavazzini (Greens/EFA, DE), Chair of ...'
    for _ in range(3):
        trimmed = _strip_trailing(s)
        found = _match_phrase(trimmed, _END)
        if found and "," in trimmed and "," in s[len(trimmed) :]:
            segment = trimmed[trimmed.rfind(",") + 1 :].split()
            role = any(t.lower().strip("’'") in _TITLES | _SPOKES_WORDS for t in segment[:4])
            described = segment[:1] in (["a"], ["an"])  # 'Ana Li, a lawmaker for the Greens,': a description
            # 'Tom Reed, a spokesperson for Acme,', 'Ana Li, Acme President,'
            if found.kind == "spokes" or role or described:
                named = _match_phrase(_strip_trailing(trimmed[: trimmed.rfind(",")]), {"name": _END["name"]})
                if named and len(named.value.split()) >= 2 and named.value.split()[0] not in _PARTICLE_WORDS:
                    return named
            if segment and segment[0].lower() in _TITLES and len(segment) > 2:  # ', Chair of the Committee on X,'
                found = None
        if found or "," not in s[len(trimmed) :] or "," not in trimmed:
            return found
        s = trimmed[: trimmed.rfind(",") + 1]  # 'Ek, 42, Spotify's chief executive,' -> 'Ek, 42,'
    return None


def _speaker_at_start(region: str) -> _Phrase | None:
    """The speaker phrase opening `region` (the words after a verb: 'said Daniel Ek on Tuesday'), also after a
    description in lower case that ends with a title ('said competition commissioner Teresa Ribera')."""
    s = _strip_leading(re.sub(r"\s*\([^()]{0,80}\)", "", region))  # 'said German Hotel Association (IHA) ...'
    owned = _OWNED_TITLE.match(s)
    if owned:  # 'said Acme’s Vice President and Head of Policy, Ana Li,', 'said Acme’s Chief Officer Ana Li'
        titled = owned.group("name") and any(t.lower() in _TITLES for t in owned.group("title").split())
        named = _clean_name(owned.group("name")) if titled else None
        if named and len(named.split()) >= 2:
            return _Phrase("name", named, owned.start("name"))
        after_title = _titled_name(s[owned.end("owner") :].lstrip())
        if after_title is not None:
            return after_title
    found = _match_phrase(s, _START)
    if found is not None and found.kind == "role":  # 'the Executive Vice President of the Commission Ana Li'
        role = _START["role"].match(s)
        named_of = _ROLE_OF_NAME.match(s, role.end()) if role else None
        name = _clean_name(named_of.group(1)) if named_of else None
        if named_of and name and len(name.split()) >= 2 and name.split()[-1].lower() not in _ORG_WORDS:
            return _Phrase("name", name, named_of.start(1))
    if found is not None and found.kind == "name":
        after_title = _titled_name(s)
        if after_title is not None:
            return after_title
    if found is not None:
        return found
    apposed = _DESCRIBED_FIRST.match(s)
    if apposed:  # 'A major technology industry group, the CCIA, ...': the name set beside the description
        return _Phrase("name", _norm(apposed.group(1)), apposed.start(1))
    words = list(re.finditer(r"\S+", s[:200]))
    for k, word in enumerate(words[:6]):
        token = word.group()
        if not (token.islower() or token.isupper() or re.fullmatch(r"\w+[’']s", token)):
            return None
        if token.lower() in _TITLES and k + 1 < len(words) and words[k + 1].group()[:1].isupper():
            return _match_phrase(s[words[k + 1].start() :], {"name": _START["name"]})
    return None


_DESCRIBED_FIRST = re.compile(rf"^(?:[Aa]n?|[Tt]he)(?:\s+[a-z][\w’'-]*){{1,6}}\s*,\s+(?:the\s+)?({NAME})\s*,")
_OWNED_TITLE = re.compile(rf"^(?P<owner>{NAME}[’']s)\s+(?:(?P<title>[^,;:.]{{3,100}}),\s+(?P<name>{NAME}){_STOP})?")
_ROLE_OF_NAME = re.compile(rf"[ \t]+(?:of|for|at)[ \t]+(?:the[ \t]+)?({NAME}){_STOP}")
_LONG_RUN = re.compile(rf"^{_CAP}(?:[ \t]+{_PARTICLES}{_CAP}){{2,9}}{_STOP}")
_DESCRIBED = re.compile(rf"^{NAME}((?:\s+[a-z][\w-]*){{1,3}}),?\s+(?={_CAP})")  # 'Acme chairperson, Ana Li'


def _titled_name(s: str) -> _Phrase | None:
    """A person named after an organisation and a title: 'German Hotel Association Managing Director Markus
    Luthe' (a capitalised run longer than a name) or 'Commission spokesperson Lea Zuber' (a description in lower
    case that ends with a title)."""
    run = _LONG_RUN.match(s)
    if run:
        tokens = run.group().split()
        titled = [i for i, t in enumerate(tokens) if _title(t)]
        if titled and len(tokens) - titled[-1] - 1 >= 2:
            return _Phrase("name", " ".join(tokens[titled[-1] + 1 :]), run.start())
    described = _DESCRIBED.match(s)
    if described and described.group(1).split()[-1].lower() in _TITLES | _SPOKES_WORDS:
        named = _match_phrase(s[described.end() :], {"name": _START["name"]})
        if named and len(named.value.split()) >= 2:
            return named
    return None


_SPOKES_WORDS = _words("spokesperson spokeswoman spokesman representative")


def _subject(sentence: str) -> _Phrase | None:
    """The phrase a sentence opens with once an opening clause is set aside: 'In a statement, the DPC ...'."""
    return _speaker_at_start(_LEADING_CLAUSE.sub("", sentence, count=1))


# --------------------------------------------------------------------------- attribution


@dataclass(frozen=True)
class _Attribution:
    phrase: _Phrase
    adjacent: bool
    according: bool
    statement: bool
    inferred: bool = False  # the speaker comes from another clause or sentence, not from next to a verb


def _attribution(
    phrase: _Phrase | None, context: str, adjacent: bool, according: bool, inferred: bool = False
) -> _Attribution | None:
    if phrase is None:
        return None
    return _Attribution(phrase, adjacent, according, bool(_STATEMENT.search(context)), inferred)


def _passive(text: str, verb: re.Match[str]) -> bool:
    """'was told', 'Meta told to rethink' (headline passive): not an attribution."""
    word = verb.group().lower()
    if word in ("told", "asked", "called") and re.match(r"\s+to\b", text[verb.end() :]):
        return True
    return bool(_PASSIVE.search(text[max(0, verb.start() - 20) : verb.start()]))


_OWNED_WORDS = re.compile(
    rf"(?<![\w’'-])({NAME})[’']s\s+(?:(?:latest|recent|earlier|own|full|written|official|public|first)\s+)?"
    r"(?:statement|remarks|comments|words|post|message|reply|response|tweet|letter)\s*[,:]?\s*$"
)


def _attribute_before(pre: str) -> _Attribution | None:
    """Attribution in the words before a quote: 'Daniel Ek said:', 'according to Meta,', 'Spotify called it a'."""
    verbs = list(_VERB.finditer(pre))
    participles = list(_PARTICIPLE.finditer(pre))
    if participles and (not verbs or participles[-1].start() > verbs[-1].end()):
        verbs = []  # 'Ek criticised the plans, labelling them a “farce”': the participle is the nearer verb
    for verb in reversed(verbs[-2:]):
        tail = pre[verb.end() :]
        if _passive(pre, verb):
            continue
        adjacent = len(tail.split()) <= 8
        if verb.group().lower().startswith("according"):
            return _attribution(_speaker_at_start(tail), pre, True, True)
        phrase = _speaker_at_end(pre[: verb.start()])
        letter = re.fullmatch(r"\s*(?!(?:I|A)\b)([A-Z][\w.&-]*)\s*", pre[: verb.start()])
        if phrase is None and letter:  # 'X said it disagreed “...”': a one-letter name opening the sentence
            phrase = _Phrase("name", letter.group(1), letter.start(1))
        if phrase is None and _OBJECT_VERB.fullmatch(verb.group()):
            # 'Musk ... calls the Commission a “censorship body”': what follows is the object, the subject speaks
            found = _attribution(_subject(pre[: verb.start()]), pre, adjacent, False, inferred=True)
            if found is not None:
                return found
            continue
        if phrase is None and len(tail.split()) <= 6:
            phrase = _speaker_at_start(tail)
        if phrase:
            return _attribution(phrase, pre, adjacent, False)
    label = re.search(r":\s*$", pre)
    if label and not verbs and not _PARTICIPLE.search(pre):  # 'Watchdog chairman Piet de Vries: ‘We will ...’'
        head = _strip_trailing(pre[: label.start()])
        phrase = _match_phrase(head, _END)
        alone = phrase is not None and head.strip() == phrase.value  # 'Schrems: “...”' opening its sentence
        if phrase and (
            phrase.kind in ("org", "spokes") or (phrase.kind == "name" and (len(phrase.value.split()) > 1 or alone))
        ):
            return _attribution(phrase, pre, True, False)
    cut = max(0, len(pre) - 200)  # the words just before the quote (a long sentence is searched once per quote)
    owner = _OWNED_WORDS.search(pre, cut)
    if owner and all(v.start() >= owner.end(1) for v in verbs):  # 'Vance’s statement, “...”', '... remarks'
        name = _clean_name(owner.group(1))
        if name:
            return _attribution(_Phrase("name", name, owner.start(1)), pre, True, False)
    participles = list(_PARTICIPLE.finditer(pre))
    if participles:  # 'Apple reacted, saying the decisions “unfairly” ...': the sentence's subject
        last = participles[-1]
        tail = pre[last.end() :]
        adjacent = len(tail.split()) <= 8
        found = _attribution(_subject(pre[: last.start()]), pre, adjacent, False, inferred=True)
        if found is None:  # '..., Vestager said, adding that ...': the speaker of the verb before
            earlier = _attribute_before(pre[: last.start()])
            if earlier is not None and not earlier.according:
                found = _Attribution(earlier.phrase, adjacent, False, earlier.statement, True)
        return found
    return None


def _attribute_after(post: str) -> _Attribution | None:
    """Attribution in the words after a quote: ', Ek said.', ', said Daniel Ek', ', according to a spokesperson',
    else the speaker and verb that end its sentence ('... to calls for less red tape, she said.')."""
    found = _attribute_after_verb(post, _VERB.search(post))
    if found is not None:
        return found
    verbs = list(_VERB.finditer(post))
    last = verbs[-1] if verbs else None
    if last is None or re.search(r"\w", post[last.end() :]) or _passive(post, last):
        return None
    head = post[: last.start()]
    segment = head[head.rfind(",") + 1 :] if "," in head else ""
    phrase = _speaker_at_end(segment) if segment and len(segment.split()) <= 8 else None
    return _attribution(phrase, post, False, False)


def _attribute_after_verb(post: str, verb: re.Match[str] | None) -> _Attribution | None:
    if verb is None:
        return None
    if len(post[: verb.start()].split()) > 8:
        # '“...” as a distributor of apps, the EU's competition chief Margrethe Vestager said': a clause, then the
        # speaker and the verb after its last comma
        head = post[: verb.start()]
        segment = head[head.rfind(",") + 1 :] if "," in head else ""
        phrase = _speaker_at_end(segment) if segment and len(segment.split()) <= 8 else None
        if phrase is None or _passive(post, verb):
            return None
        # '... is an “immediate answer” to calls for less red tape, she said.': a pronoun or reference that ends
        # the sentence with its verb attributes the whole sentence
        if phrase.kind in ("pronoun", "ref") and re.search(r"\w", post[verb.end() :]):
            return None
        return _attribution(phrase, post, False, False)
    tail = post[verb.end() :]
    if verb.group().lower().startswith("according"):
        return _attribution(_speaker_at_start(tail), post, True, True)
    head = post[: verb.start()]
    phrase = _speaker_at_end(head) if re.search(r"\w", head) else None
    if phrase is not None:
        return _attribution(phrase, post, len(head[: phrase.start].split()) <= 2, False)
    return _attribution(_speaker_at_start(tail), post, True, False)


# --------------------------------------------------------------------------- finding quotation marks


@dataclass
class _Span:
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (the paragraph end when unclosed)
    closed: bool
    para: int

    def inner(self, text: str) -> str:
        return text[self.start + 1 : self.end - 1 if self.closed else self.end]


_CLOSERS = {"“": "”", "«": "»", '"': '"', "„": "“", "”": "”"}  # „German and Polish style“


def _can_open(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _closes_here(text: str, i: int, hi: int) -> bool:
    """A mark in closing position: after a word or punctuation, before a space, punctuation or the end."""
    after = text[i + 1] if i + 1 < hi else " "
    return not text[i - 1].isspace() and (after.isspace() or after in ".,;:!?)]—–-")


def _double_spans(text: str, lo: int, hi: int, para: int) -> list[_Span]:
    """Double quotation marks, paired tolerantly: a straight mark may close a curly one and the other way round
    (“...", "...”), and so may an opening mark in closing position (“...2025.“), when the expected closer does
    not come first."""
    spans: list[_Span] = []
    opened, closer = -1, ""
    marks = [i for i in range(lo, hi) if text[i] in '"“”']
    expected = {c: [i for i in marks if text[i] == c] for c in '"”“'}
    expected["open"] = [i for i in marks if text[i] in '“"' and _can_open(text, i, lo, hi)]  # marks that can open
    for i in range(lo, hi):
        ch = text[i]
        if opened >= 0 and (
            ch == closer or (closer != "»" and ch in '"“”' and _mixed_close(text, i, hi, closer, expected))
        ):
            spans.append(_Span(opened, i + 1, True, para))
            opened = -1
        elif ch in "“«„" or (ch in '"”' and opened < 0 and _can_open(text, i, lo, hi)):  # ”Swedish style”
            opened, closer = i, _CLOSERS[ch]
    if opened >= 0 and closer != "»" and re.search(r"\w", text[opened:hi]):
        spans.append(_Span(opened, hi, False, para))
    return spans


def _mixed_close(text: str, i: int, hi: int, closer: str, expected: Mapping[str, list[int]]) -> bool:
    """Whether mark i, not the expected closer, closes the open quotation: it sits in closing position and the
    expected closer does not follow before the next mark in opening position."""
    if not _closes_here(text, i, hi):
        return False
    following = expected[closer]
    k = bisect_right(following, i)
    if k == len(following):
        return True
    # an opening mark, curly or straight, before the expected closer: '“...," she said. "...”' closes here
    openers = expected["open"]
    j = bisect_right(openers, i)
    return j < len(openers) and openers[j] < following[k]


def _single_closer(text: str, lo: int, hi: int, taken: _Taken, mark: str = "’") -> int | None:
    """The ’ that closes a ‘ opened before `lo`: prefer one next to punctuation over a plural possessive. A
    straight ' closes a straight one only when it cannot be a possessive."""
    weak = None
    for i in range(lo, hi):
        if text[i] != mark or text[i - 1].isspace() or i in taken:
            continue
        after = text[i + 1] if i + 1 < len(text) else " "
        if after.isalnum():
            continue  # don’t, Apple’s
        if text[i - 1] in "sS" and after.isspace() and text[i - 2].isalpha():
            weak = i if weak is None else weak  # companies’ fees
            continue
        return i
    return weak if mark == "’" else None


def _single_spans(text: str, lo: int, hi: int, para: int, doubles: list[_Span]) -> list[_Span]:
    taken = _Taken(doubles)
    openers = [
        i
        for i in range(lo, hi)
        if (text[i] == "‘" or (text[i] == "'" and i + 1 < hi and text[i + 1].isalpha()))  # headlines: 'We ...'
        and i not in taken
        and _can_open(text, i, lo, hi)
        and not re.match(r"['‘]\d\ds\b", text[i : i + 4])
    ]
    spans: list[_Span] = []
    for k, opened in enumerate(openers):
        if spans and spans[-1].end > opened:
            continue
        limit = openers[k + 1] if k + 1 < len(openers) else hi
        closer = _single_closer(text, opened + 1, limit, taken, "’" if text[opened] == "‘" else "'")
        if closer is not None:
            spans.append(_Span(opened, closer + 1, True, para))
    return spans


class _Taken:
    """Sorted, disjoint spans, asked whether an offset lies inside one (by bisection: a long paragraph stays
    linear)."""

    def __init__(self, spans: Sequence[_Span]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]

    def __contains__(self, i: int) -> bool:
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.spans[k].end


_LINE_END = re.compile(r"[.!?:”\"’»)]\s*$")
_UNWRAPPED = 150  # a block with a line this long is not hard-wrapped: each of its lines is a paragraph


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs: blocks between blank lines, and the lines of blocks that are not hard-wrapped.

    Text saved from a web page often has one paragraph per line and no blank lines; hard-wrapped text (a
    paragraph over several lines of at most ~100 characters) keeps its lines together.
    """
    bounds, pos = [], 0
    for match in re.finditer(r"\n[ \t]*\n\s*", text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    result = []
    for a, b in bounds:
        lines = [m.span() for m in re.finditer(r"[^\n]+", text[a:b])]
        ended = sum(bool(_LINE_END.search(text[a + start : a + end])) for start, end in lines[:-1])
        # web text: a long line, or lines that mostly end their sentence (hard-wrapped lines mostly stop mid-sentence)
        if len(lines) > 1 and (max(end - start for start, end in lines) >= _UNWRAPPED or 2 * ended > len(lines) - 1):
            result += [(a + start, a + end) for start, end in lines]
        else:
            result.append((a, b))
    return [(a, b) for a, b in result if text[a:b].strip()]


# --------------------------------------------------------------------------- sentences

_BOUNDARY = re.compile(r"[.!?]\x00?\s+(?=[\x00A-ZÀ-Þ0-9(])")
_ABBREVIATIONS = _words("mr mrs ms dr prof st inc ltd co corp jr sr vs no art gen rep sen gov e.g i.e u.s u.k")


def _sentences(text: str, lo: int, hi: int, spans: list[_Span]) -> list[tuple[int, int]]:
    """Sentence ranges of a paragraph, ignoring full stops inside quotations except the last one."""
    chars = list(text[lo:hi])
    for span in spans:
        chars[span.start - lo : span.end - lo] = "\x00" * (span.end - span.start)
        inner = span.inner(text).rstrip()
        if inner and inner[-1] in ".!?":
            chars[span.start + 1 + len(inner) - 1 - lo] = inner[-1]
    masked = "".join(chars)
    cuts = [0]
    for match in _BOUNDARY.finditer(masked):
        word = re.search(r"([\w.]*)$", masked[max(0, match.start() - 24) : match.start()]).group(1).lower()  # type: ignore[union-attr]
        if word not in _ABBREVIATIONS and not (len(word) == 1 and word.isalpha()):
            cuts.append(match.end())
    cuts.append(hi - lo)
    return [(lo + a, lo + b) for a, b in pairwise(cuts) if a < b]


# --------------------------------------------------------------------------- sites: a quote in its sentence


@dataclass
class _Site:
    spans: list[_Span]
    text: str
    sentence: tuple[int, int]
    pre: str
    post: str
    follow: str  # the next sentence when the quote ends its own sentence (for '“...” Ek said.')
    lead: str  # the previous paragraph's last sentence when it ends with a colon
    head: str = ""  # the whole sentence before the quote (pre stops at the previous quote)
    previous: str = ""  # the sentence before this one (in this paragraph, else the previous paragraph's last)
    attribution: _Attribution | None = None
    used_follow: bool = False
    attributed_before: bool = False  # by the words before the quote, in its own sentence
    opens_paragraph: bool = False

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def standalone(self) -> bool:
        return not re.search(r"\w", self.pre + self.post)


_Subjects = list[tuple[int, _Phrase]]  # (sentence start, the phrase it opens with)


def _sites(text: str) -> tuple[list[_Site], _Subjects]:
    """Every quotation in its sentence, and the subject each sentence opens with (for 'it', 'they')."""
    sites: list[_Site] = []
    subjects: _Subjects = []
    previous_last = ""
    for para, (lo, hi) in enumerate(_paragraphs(text)):
        doubles = _double_spans(text, lo, hi, para)
        singles = _single_spans(text, lo, hi, para, doubles)
        doubles = _not_within(doubles, singles)  # ‘a “b” c’
        spans = sorted(doubles + singles, key=lambda s: s.start)
        sentences = _sentences(text, lo, hi, spans)
        for s_lo, s_hi in sentences:
            phrase = _subject(text[s_lo : min(s_hi, s_lo + 200)])
            if phrase and phrase.kind in ("name", "org", "spokes") and phrase.value:
                subjects.append((s_lo, phrase))
        lead = previous_last if text[lo:hi].lstrip()[:1] in "“\"‘«„”'" and previous_last.rstrip().endswith(":") else ""
        starts = [s for s, _ in sentences]
        span_starts = [s.start for s in spans]
        for k in range(len(spans)):
            site = _site(text, spans, k, sentences, (starts, span_starts), lead if k == 0 else "")
            index = bisect_right(starts, site.start) - 1
            site.previous = text[slice(*sentences[index - 1])] if index > 0 else previous_last
            sites.append(site)
        previous_last = text[sentences[-1][0] : sentences[-1][1]] if sentences else ""
    return sites, subjects


def _not_within(inner: list[_Span], outer: list[_Span]) -> list[_Span]:
    """`inner` spans that do not sit inside one of the (sorted, disjoint) `outer` spans."""
    starts = [o.start for o in outer]
    kept = []
    for span in inner:
        k = bisect_right(starts, span.start - 1) - 1
        if not (k >= 0 and outer[k].start < span.start and span.end <= outer[k].end):
            kept.append(span)
    return kept


def _site(
    text: str,
    spans: list[_Span],
    k: int,
    sentences: list[tuple[int, int]],
    starts: tuple[list[int], list[int]],
    lead: str,
) -> _Site:
    span = spans[k]
    sentence_starts, span_starts = starts
    index = bisect_right(sentence_starts, span.start) - 1
    s_lo, s_hi = sentences[index]
    pre_lo = max(s_lo, spans[k - 1].end) if k and spans[k - 1].end <= span.start else s_lo
    post_hi = min(s_hi, spans[k + 1].start) if k + 1 < len(spans) and spans[k + 1].start >= span.end else s_hi
    follow = ""
    if index + 1 < len(sentences) and not re.search(r"\w", text[span.end : s_hi]):
        f_lo, f_hi = sentences[index + 1]
        spans_in_follow = bisect_right(span_starts, f_hi - 1) - bisect_right(span_starts, f_lo - 1)
        opening = " ".join(text[f_lo:f_hi].split()[:5])  # '“...” Meta said in a statement on Tuesday that ...'
        short = len(text[f_lo:f_hi].split()) <= 8 or bool(_VERB.search(opening))
        if short and not spans_in_follow:
            follow = text[f_lo:f_hi]
    site = _Site(
        [span], span.inner(text), (s_lo, s_hi), text[pre_lo : span.start], text[span.end : post_hi], follow, lead
    )
    site.opens_paragraph = index == 0 and not re.search(r"\w", text[s_lo : span.start])
    site.head = text[s_lo : span.start]
    return site


def _attribute(site: _Site) -> None:
    """Attribute a site, trying first the side news style puts the attribution on."""
    ends_open = site.text.rstrip()[-1:] in ",?!—–-" or site.post.lstrip().startswith(",")
    before = _attribute_before(site.pre) or (_attribute_before(site.lead) if site.lead else None)
    after = _attribute_after(site.post)
    if after and after.according:
        # 'X said the fine was “proportionate” to the “nature ...,” according to Politico': the outlet is the source
        own = before or _attribute_before(site.head)
        if own and not own.according and not own.inferred:
            after, before = None, own
    site.attribution = (after or before) if ends_open else (before or after)
    site.attributed_before = site.attribution is not None and site.attribution is before and bool(before)
    if site.attribution is None and site.follow and not re.search(r"\w", site.post):
        site.attribution = _attribute_after(site.follow)
        site.used_follow = site.attribution is not None
    if site.attribution is None and site.lead and not re.search(r"\w", site.pre):
        # 'The preliminary findings outline specific concerns:' then the quote's paragraph: its subject, or the
        # document it names ('Observations from the findings include:'), speaks
        doc = re.search(rf"(?<![\w’'-]){_DOC}", site.lead)
        subject = _subject(site.lead)
        phrase = _Phrase("doc", _norm(doc.group()).lower(), doc.start()) if doc else None
        if subject is not None and subject.kind in ("org", "spokes", "body", "ref", "doc"):
            phrase = subject
        site.attribution = _attribution(phrase, site.lead, False, False, inferred=True)
    if site.attribution is None and not re.search(r"\w", site.pre) and _introduces(site.previous):
        # 'In a statement, the DPC welcomed the decision. “This decision ...”': the previous sentence's subject
        site.attribution = _attribution(_subject(site.previous), site.previous, False, False, inferred=True)


def _introduces(sentence: str) -> bool:
    """A sentence that can introduce the quotation after it: no quotation of its own, a verb of speech or reaction."""
    if not sentence or re.search(r"[“”\"«»„]", sentence):
        return False
    return bool(_VERB.search(sentence) or _REACTION.search(sentence) or _PARTICIPLE.search(sentence))


def _split_quotes(text: str, sites: list[_Site]) -> list[_Site]:
    """'“A,” Ek said, “b.”': two quotes, each as printed (a quote is never joined from fragments), both Ek's."""
    for last, site in itertools.pairwise(sites):
        between = text[last.spans[-1].end : site.start]
        if (
            last.sentence == site.sentence
            and last.spans[-1].closed
            and (last.text.rstrip().endswith(",") or between.lstrip().startswith(","))
            and between.rstrip().endswith(",")
            and len(between.split()) <= 8
        ):
            attribution = _attribute_after(between)
            if attribution is not None:
                last.attribution = last.attribution or attribution
                site.attribution = attribution
    return sites


# --------------------------------------------------------------------------- resolving speakers


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    kind: str
    confidence: float


class _Resolver:
    """Turns attribution phrases into speakers, using what the article said before."""

    def __init__(
        self,
        text: str,
        aliases: Mapping[str, str],
        hits: list[tuple[int, int, str]],
        quoted: list[_Span],
        subjects: _Subjects,
    ):
        self.aliases = aliases
        known = [(a, _norm(text[a:b])) for a, b, key in hits if key.startswith("person:")]
        # (position, name), by position: names that look like people's, and people known by their alias
        self.people = sorted(_person_mentions(text, aliases, quoted) + [(a, n) for a, n in known if " " in n])
        self.people_starts = [p for p, _ in self.people]
        self.by_surname: dict[str, list[tuple[int, str]]] = {}  # people named in full, by position
        for p, name in sorted(set(self.people + known)):
            self.by_surname.setdefault(name.split()[-1], []).append((p, name))
        self.people = sorted(self.people + _surname_mentions(text, self.by_surname, quoted))
        self.people_starts = [p for p, _ in self.people]
        self.said_by_surname: dict[str, list[tuple[int, str]]] = {}  # speakers found so far, likewise
        self.subjects = subjects
        self.subject_starts = [p for p, _ in subjects]
        self.orgs = [(a, key) for a, _, key in hits if not key.startswith(("person:", "regulation:"))]
        self.org_starts = [p for p, _ in self.orgs]
        self.display = _Display(text, hits)
        self.bodies = _apposed_bodies(text, hits)  # organisations the article introduces as public bodies
        self.latest: dict[str, tuple[int, str]] = {}  # kind -> the speaker of that kind found furthest on
        self.spokes = [  # 'a Meta spokesperson', 'a spokesperson for Acme': where, and for whom
            (m.start(), org) for m in _SPOKES_ANY.finditer(text) if (org := _phrase("spokes", m)) and org.value
        ]
        self.spokes_starts = [p for p, _ in self.spokes]

    def resolve(self, site: _Site) -> _Speaker:
        attribution = site.attribution
        if attribution is None:
            return _Speaker(None, "unknown", 0.2)
        own = site.attributed_before  # 'Acme welcomed it, although they called for “...”': they are Acme
        found = self._phrase(attribution.phrase, site.start, attribution.statement, site.sentence[0], own)
        confidence = found.confidence
        if attribution.inferred:
            confidence = min(confidence, 0.6)
        if attribution.according:
            confidence = min(confidence, 0.85)
        if not attribution.adjacent:
            confidence = min(confidence, 0.7)
        if found.name:
            position = max(site.start, site.sentence[1] - 1)
            if position >= self.latest.get(found.kind, (-1, ""))[0]:
                self.latest[found.kind] = (position, found.name)
            if found.kind == "person":
                insort(self.said_by_surname.setdefault(found.name.split()[-1], []), (position, found.name))
        return _Speaker(found.name, found.kind, confidence)

    def subject_of(self, site: _Site, text: str) -> _Speaker:
        """For a quote kept without a speaker: the person or organisation its sentence opens with, when the quote
        sits inside that sentence ('Ek wants the bill to make sure that a referee “can't also be the player.”')."""
        head = text[site.sentence[0] : site.start]
        phrase = _subject(head) if re.search(r"\w", head) else None
        if phrase is None or phrase.kind not in ("name", "org", "spokes", "ref", "body") or not phrase.value:
            return _Speaker(None, "unknown", 0.2)
        found = self._phrase(phrase, site.start, False, site.sentence[0])
        known = phrase.value.lower() in self.aliases
        if found.name is None or (phrase.kind in ("name", "org") and not known and found.kind != "person"):
            return _Speaker(None, "unknown", 0.2)  # 'One year earlier, ...', 'The Digital Markets ... Bill
        return _Speaker(found.name, found.kind, min(found.confidence, 0.45))

    def _phrase(
        self, phrase: _Phrase, pos: int, statement: bool, sentence: int = -1, own_sentence: bool = False
    ) -> _Speaker:
        if self.aliases.get(phrase.value.lower(), "").startswith("regulation:"):
            return _Speaker(None, "unknown", 0.2)  # 'the Digital Services Act' does not speak
        if phrase.kind == "name":
            return self._name(phrase.value, pos, statement)
        if phrase.kind == "org" or (phrase.kind == "spokes" and phrase.value):
            return _Speaker(phrase.value, "organisation", 0.9)
        if phrase.kind == "spokes":  # 'the spokesperson': the one introduced before, 'a Meta spokesperson'
            k = bisect_left(self.spokes_starts, pos)
            if k:
                return _Speaker(self.spokes[k - 1][1].value, "organisation", 0.6)
        if (phrase.kind == "pronoun" and phrase.value in ("he", "she")) or phrase.kind == "role":
            return self._recent(pos, ("person",), 0.6)
        if phrase.kind == "pronoun" and phrase.value in ("it", "they"):
            subject = self._recent_subject(sentence if sentence >= 0 else pos, phrase.value == "they", own_sentence)
            if subject is not None:
                return subject
        if phrase.kind == "pronoun" and phrase.value == "they":
            return self._recent(pos, ("person", "organisation"), 0.6)
        # 'the company', 'the Swedish firm', 'the iPhone maker': a company, not the Commission or a court;
        # 'the watchdog', 'the EU's competition regulator': a public body
        if phrase.kind == "doc":  # 'the statement said': the organisation quoted last, else the body named last
            if "organisation" in self.latest and self.latest["organisation"][0] < pos:
                return _Speaker(self.latest["organisation"][1], "organisation", 0.6)
            found = self._recent(pos, ("organisation",), 0.6, bodies=True)
            return found if found.name else self._recent(pos, ("organisation",), 0.5)
        if phrase.kind == "body":
            if _COURT.search(phrase.value):  # 'the court said': the court named last (none: a court the article
                # does not name), not the Commission whose decision it judged
                return self._recent(pos, ("organisation",), 0.6, bodies=True, named=_COURT_NAME)
            return self._recent(pos, ("organisation",), 0.6, bodies=True)
        return self._recent(pos, ("organisation",), 0.6, companies=phrase.kind == "ref")

    def _name(self, name: str, pos: int, statement: bool) -> _Speaker:
        key = self.aliases.get(name.lower())
        if key:
            return _Speaker(name, "person" if key.startswith("person:") else "organisation", 0.9)
        tokens = name.split()
        if tokens[-1].lower() in _ORG_WORDS or any(t.isupper() for t in tokens):
            return _Speaker(name, "organisation", 0.9)
        if len(tokens) > 1:
            return _Speaker(name, "person", 0.9)
        full = self._full_name(name, pos)
        if full:
            return _Speaker(full, "person", 0.85)
        return _Speaker(name, "organisation" if statement else "unknown", 0.8)

    def _recent_subject(self, sentence: int, people_too: bool, own_sentence: bool = False) -> _Speaker | None:
        """'It' and 'they' as the subject of their own sentence when it opens with one ('Acme and Zentrix welcomed
        it, although they called for “more”'), else of one of the two sentences before: 'The Commission ... It
        ordered'. The own sentence counts only for a pronoun before the quote (`own_sentence`): after it ('Moreover,
        Acme “has ...”, it noted') the pronoun is who reports on the sentence's subject."""
        k = bisect_right(self.subject_starts, sentence - 1)
        own = self.subjects[k : k + 1] if own_sentence and k < len(self.subjects) else []
        if own and own[0][0] != sentence:
            own = []
        for _, phrase in [*own, *reversed(self.subjects[max(0, k - 2) : k])]:
            found = self._phrase(phrase, sentence, False)
            if found.name and (found.kind == "organisation" or (people_too and found.kind == "person")):
                return _Speaker(found.name, found.kind, 0.6)
            if found.name and found.kind == "unknown" and not people_too:  # 'Zalando lost. “...,” it said.'
                return _Speaker(found.name, "organisation", 0.6)
        return None

    def _public(self, name: str) -> bool:
        """A public body: by its name ('Dutch Data Protection Authority'), or introduced as one by apposition."""
        return _public_body(name) or self.aliases.get(name.lower()) in self.bodies

    def _full_name(self, surname: str, pos: int) -> str | None:
        """The full name of the person called `surname`: the nearest mention before `pos`, else after it."""
        before: list[tuple[int, str]] = []
        after: list[tuple[int, str]] = []
        for known in (self.by_surname.get(surname, []), self.said_by_surname.get(surname, [])):
            k = bisect_left(known, (pos, ""))
            before += known[k - 1 : k] if k else []
            after += known[k : k + 1]
        match = max(before)[1] if before else min(after)[1] if after else None
        return match if match and len(match.split()) > 1 else None

    def _recent(
        self,
        pos: int,
        kinds: tuple[str, ...],
        confidence: float,
        companies: bool = False,
        bodies: bool = False,
        named: re.Pattern[str] | None = None,
    ) -> _Speaker:
        """The person or organisation mentioned or quoted last before `pos` ('he', 'the company'); with
        `companies`, not a public body (a commission, court, authority ...), with `bodies` only one; with `named`,
        only one whose name it matches."""
        candidates = [(*self.latest[k], k) for k in kinds if k in self.latest]
        if companies or bodies:
            candidates = [c for c in candidates if self._public(c[1]) == bodies]
        if named is not None:
            candidates = [c for c in candidates if named.search(c[1])]
        k = bisect_left(self.people_starts, pos)
        if "person" in kinds and k:
            candidates.append((*self.people[k - 1], "person"))
        k = bisect_left(self.org_starts, pos)
        if "organisation" in kinds:
            for p, key in reversed(self.orgs[max(0, k - 20) : k]):
                public = (
                    key in self.bodies
                    or _public_body(key.split(":", 1)[-1])
                    or self._public(self.display.name(key, pos))
                )
                name = self.display.name(key, pos)
                if not (companies and public) and not (bodies and not public) and (not named or named.search(name)):
                    candidates.append((p, name, "organisation"))
                    break
        if not candidates:
            return _Speaker(None, "organisation" if kinds == ("organisation",) else "unknown", 0.35)
        _, name, kind = max(candidates, key=lambda c: c[0])
        return _Speaker(name, kind, confidence)


_BODY_NOUN = r"(?i:authority|regulator|watchdog|agency|commission|court|tribunal|ministry|supervisor)"
_COURT = re.compile(r"(?i)(?<![\w-])(?:court|judges|tribunal)(?![\w-])")
_COURT_NAME = re.compile(r"(?i)(?<![\w-])(?:court|tribunal|cjeu|ecj|gericht|hof)")
_APPOSED_BODY = (  # 'Italy’s data protection authority, the Garante ...', 'the Garante, Italy’s privacy watchdog,'
    # an apposition, closed by a comma or a bracket: not 'According to the regulator, Uber collected ...'
    re.compile(
        rf"(?<![\w-]){_BODY_NOUN}\s*,\s+the\s+({NAME})(?:\s+[a-z][\w’'-]*){{0,6}}\s*(?:\([^()]{{0,40}}\))?\s*[,)]"
    ),
    re.compile(
        rf"(?<![\w’'-])({NAME})\s*(?:\([^()]{{0,40}}\))?\s*,\s+(?:the|its|an?|{_CAP}[’']s)\s+(?:[\w-]+\s+){{0,4}}?{_BODY_NOUN}\s*[,)]"
    ),
)


def _apposed_bodies(text: str, hits: list[tuple[int, int, str]]) -> set[str]:
    """Alias keys of organisations the article introduces as a public body by apposition to 'authority',
    'regulator', 'watchdog' ...: 'the authority' then refers to them as to a commission or a court."""
    starts = {a: key for a, _, key in hits}
    ends = {b: key for _, b, key in hits}  # 'The Acme Garante': the name ends where the alias does
    found = set()
    for pattern in _APPOSED_BODY:
        for m in pattern.finditer(text):
            key = starts.get(m.start(1)) or ends.get(m.end(1))
            if key:
                found.add(key)
    return found


_PUBLIC_BODY = _words(
    "commission parliament council court union authority agency office ministry department board committee bureau "
    "regulator watchdog government administration tribunal ec eu dpc dpa cnil edpb"
)


def _public_body(name: str) -> bool:
    return any(t in _PUBLIC_BODY for t in re.split(r"[\s-]+", name.lower()))


_WORKPLACE = re.compile(r"(?i)(?<![\w-])(?:at|for)\s+(?:the\s+)?$")  # 'officer at Finance Watch': an organisation


def _person_mentions(text: str, aliases: Mapping[str, str], quoted: list[_Span]) -> list[tuple[int, str]]:
    """Capitalised runs outside quotations that look like people's names ('Daniel Ek', 'Teresa Ribera')."""
    people = []
    quoted = sorted(quoted, key=lambda s: s.start)
    starts = [s.start for s in quoted]

    def inside(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and i < quoted[k].end

    for match in _NAME_ANY.finditer(text):
        name = _clean_name(match.group())
        before = text[max(0, match.start() - 40) : match.start()]
        if not name or inside(match.start()) or _ORG_NOUN.search(before) or _WORKPLACE.search(before):
            continue
        tokens = name.split()
        if (
            len(tokens) >= 2
            and name.lower() not in aliases
            and not any(t.lower() in _NOT_PERSON or t.lower() in aliases or t.isupper() for t in tokens)
        ):
            people.append((match.start() + match.group().find(tokens[0]), name))
    return people


def _surname_mentions(
    text: str, by_surname: Mapping[str, list[tuple[int, str]]], quoted: list[_Span]
) -> list[tuple[int, str]]:
    """Later mentions of a person by surname alone ('..., Virkkunen said.'), outside quotations, as mentions of the
    person named in full before: 'she' in the next sentence is that person."""
    surnames = [s for s in by_surname if len(s) > 2 and s[:1].isupper()]
    if not surnames:
        return []
    quoted = sorted(quoted, key=lambda s: s.start)
    starts = [s.start for s in quoted]
    found = []
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    for match in pattern.finditer(text):
        k = bisect_right(starts, match.start()) - 1
        if k >= 0 and match.start() < quoted[k].end:
            continue
        before = [name for p, name in by_surname[match.group()] if p < match.start()]
        if before and not text[max(0, match.start() - 40) : match.start()].rstrip().endswith(before[-1].split()[-2]):
            found.append((match.start(), before[-1]))
    return found


class _Display:
    """How the article writes each alias key: the spelling of the key's own name ('Meta') once it has been
    used, else the key's first use ('Facebook')."""

    def __init__(self, text: str, hits: list[tuple[int, int, str]]) -> None:
        self.first: dict[str, str] = {}
        self.own: dict[str, tuple[int, str]] = {}
        for a, b, key in hits:
            surface = _norm(text[a:b])
            self.first.setdefault(key, surface)
            if key not in self.own and surface.lower() == key.split(":", 1)[-1].replace("-", " "):
                self.own[key] = (a, surface)

    def name(self, key: str, pos: int) -> str:
        own = self.own.get(key)
        return own[1] if own and own[0] < pos else self.first[key]


# --------------------------------------------------------------------------- aliases and assembly


def _alias_hits(text: str, aliases: Mapping[str, str], proper: Collection[str] = ()) -> list[tuple[int, int, str]]:
    """Where the aliases occur, case-insensitively; an alias in `proper` only where the text writes it with a
    capital ('Free' the company, not 'for free')."""
    if not aliases:
        return []
    names = sorted(aliases, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) + r")(?!\w)", re.I
    )
    found = []
    for m in pattern.finditer(text):
        key = _norm(m.group()).lower()
        if key in proper and not m.group()[:1].isupper():
            continue
        found.append((m.start(), m.end(), aliases[key]))
    return found


def _verb_adjacent(site: _Site) -> bool:
    """An attribution verb within three words of the quote: '“...,” said one manager', 'Ek called it a “...”'."""
    after = _VERB.search(site.post)
    if after and len(site.post[: after.start()].split()) <= 3:
        return True
    before = [v for v in _VERB.finditer(site.pre) if not _passive(site.pre, v)]
    if not _NOUN_AFTER.match(site.post):  # not 'noting what counts as “special” data': a modifier
        before += _PARTICIPLE.finditer(site.pre)
    return any(len(site.pre[v.end() :].split()) <= 3 for v in before)  # also 'warning Acme of “grave risks”'


def _keep(site: _Site, speaker: _Speaker, inherited: bool, text: str) -> bool:
    """Drop scare quotes, titles and empty marks; keep anything attributed or long enough to be speech."""
    words = site.text.split()
    if not re.search(r"\w", site.text):
        return False
    before = text[site.sentence[0] : site.start]
    if _EXPANSION.search(before) or _norm(site.text).strip(" ,.;:!?").lower() in _TERMS:
        return False  # 'NOYB, short for “none of your business,”', 'citing “legitimate interest”'
    if len(words) <= 6 and _PRINCIPLE.search(before):
        return False
    if _LABELLED.search(before):
        return False  # 'offers flagged as having “prices that are too high”': a label, not speech
    if len(words) <= 3 and _DEFINITION.search(before) and site.post.lstrip().startswith(")"):
        return False  # '(“DPC”)', '(the “Commission”)' is a definition, not speech
    reported = bool(_REPORTED.search(before)) and not _NOUN_AFTER.match(site.post)  # 'X said it is the “sole ...” of'
    if (len(words) < 4 and _NAMING.search(before)) or (
        len(words) <= 2 and _DETERMINER.search(before) and not _EXPRESSING.search(before) and not reported
    ):
        return False
    if (
        len(words) < 4
        and _MODIFIER_BEFORE.search(before)
        and _NOUN_AFTER.match(site.post)
        and not _EXPRESSING.search(before)
    ):
        return False  # its “pay or consent” model, Meta’s “consent or pay” model: a name, not speech
    ends_sentence = not re.search(r"\w", site.post)  # 'Ek said the fees were “insane.”'
    if inherited:  # a word or two in the middle of a sentence is a term, whoever spoke before it
        if len(words) < 4 and re.search(r"\w", site.pre) and _title_case(words):
            return False  # 'when a shopper taps “Add to Cart.”': a button, a title, not speech
        return len(words) >= 4 or ends_sentence or _verb_adjacent(site) or site.standalone
    attributed = bool(speaker.name and site.attribution)
    if len(words) < 4:
        adjacent = site.attribution is not None and site.attribution.adjacent
        if re.search(r"\w:\s*$", site.pre) and not _NAMING.search(
            before.rstrip(": \n")
        ):  # 'Acme fined: “We will appeal”'
            return True
        feeling = bool(_COPULA.search(before)) and not _NOUN_AFTER.match(site.post)  # 'Acme is “deeply hurt” by'
        # 'a letter claimed the plans had a “myriad of elements” that ...': quoted words in a clause of speech
        spoken = not _NOUN_AFTER.match(site.post) and any(
            not _passive(before, v) and not v.group().lower().startswith("according") for v in _VERB.finditer(before)
        )
        return _verb_adjacent(site) or spoken or (attributed and (adjacent or ends_sentence or reported or feeling))
    if speaker.name or re.search(r"\w:\s*$", site.pre):  # 'Acme CEO on the fine: 'We Will Fight It in Court''
        return True
    significant = [w for w in words if w.lower() not in _STOPWORDS]
    return not (all(w[:1].isupper() for w in significant) and site.text.rstrip()[-1:] not in ".!?,")


def _title_case(words: Sequence[str]) -> bool:
    significant = [w for w in words if w.lower() not in _STOPWORDS]
    return bool(significant) and all(w[:1].isupper() for w in significant)


_LISTED = re.compile(r"\s*,?\s*(?:and|or|nor|as\s+well\s+as|but\s+also)?\s*")


def _inherit(sites: list[_Site], speakers: list[_Speaker]) -> list[bool]:
    """Standalone quotes continue the previous speaker; unclosed paragraphs take the next one's."""
    inherited = [False] * len(sites)
    for i, site in enumerate(sites):
        if speakers[i].name:
            continue
        if i and sites[i - 1].sentence == site.sentence and speakers[i - 1].name:
            speakers[i] = _Speaker(speakers[i - 1].name, speakers[i - 1].kind, 0.6)
            inherited[i] = True
            continue
        following = sites[i + 1] if i + 1 < len(sites) else None
        if (
            site.attribution is None
            and following is not None
            and following.spans[0].para == site.spans[-1].para
            and following.sentence[0] >= site.sentence[1] - 1
            and not re.search(r"\w", following.pre)
            and following.attribution is not None
            and speakers[i + 1].name
        ):
            # '“What interest justifies this” from everyone? “It is neither legal nor necessary,” Schrems asserts.'
            speakers[i] = _Speaker(speakers[i + 1].name, speakers[i + 1].kind, 0.55)
            inherited[i] = True
            continue
        if not site.standalone:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(sites) and speakers[j].name]
        nxt = i + 1 in near and not site.spans[-1].closed and sites[i + 1].spans[0].para == site.spans[0].para + 1
        gap = site.spans[0].para - sites[i - 1].spans[-1].para if i else 99
        prev = i - 1 in near and (gap == 0 or (gap == 1 and site.opens_paragraph))
        source = i + 1 if nxt else i - 1 if prev else None
        if source is not None:
            speakers[i] = _Speaker(speakers[source].name, speakers[source].kind, 0.55)
            inherited[i] = True
    return inherited


RANK = True  # re-rank the rules' speaker with the learned ranker (regterm.ingest.rank); on: benchmarks/README.md
TERMS = True  # decide short quotations the rules drop with regterm.ingest.terms; on: benchmarks/README.md


def extract_quotes(
    text: str, aliases: Mapping[str, str] | None = None, *, rank: bool | None = None, terms: bool | None = None
) -> list[Quote]:
    """Quotations in `text` with speaker, sentence, 1-based line, confidence and alias keys mentioned.

    `aliases` maps lower-case names to keys ("meta" -> "company:meta"); they are matched case-insensitively on
    word boundaries, except a name given with a capital ("Free" -> "company:iliad"), matched only where the text
    writes it with a capital too (not "for free"). Keys starting "person:" make a speaker a person, "regulation:"
    never speaks, others are organisations. Confidence: 0.85-0.9 for a named speaker next to the quote, 0.7 when
    the name is further away, 0.55-0.6 for pronouns, "the company", continuations; 0.35 for an unresolved
    reference, 0.2 for none.

    `rank` (default `RANK`) lets the learned ranker of :mod:`regterm.ingest.rank` choose each quote's speaker
    among the people and organisations around it, the rules' choice being one of its features. `terms` (default
    `TERMS`) lets the learned classifier of :mod:`regterm.ingest.terms` decide whether a quotation of fewer than
    four words is speech or a term, the rules' decision being one of its features.
    """
    quotes, context = _extract(text, aliases, TERMS if terms is None else terms)
    if not (RANK if rank is None else rank):
        return quotes
    from regterm.ingest import rank as ranker

    return ranker.rerank(context, quotes)


@dataclass
class _Context:
    """What the ranker needs from one extraction: the kept quotes' sites, every quotation span, the resolver."""

    text: str
    aliases: Mapping[str, str]
    sites: list[_Site]  # one per kept quote, in order
    spans: list[_Span]  # every quotation, kept or not
    resolver: _Resolver
    hits: list[tuple[int, int, str]]


def _decide(
    site: _Site,
    speaker: _Speaker,
    inherited: bool,
    text: str,
    terms: bool,
    collect: list[tuple[_Site, dict[str, float]]] | None,
) -> bool:
    """The rules' keep-or-drop (`_keep`), or for a short quotation the learned decision of
    :mod:`regterm.ingest.terms` when `terms` is on (`collect` gathers its features, for training)."""
    rules_keep = _keep(site, speaker, inherited, text)
    if not (terms or collect is not None) or _EXPANSION.search(text[site.sentence[0] : site.start]):
        return rules_keep
    from regterm.ingest import terms as learned

    if not learned.short(site) or _norm(site.text).strip(" ,.;:!?").lower() in _TERMS:
        return rules_keep
    if collect is not None:
        collect.append((site, learned.features(site, speaker, inherited, text, rules_keep)))
    return learned.keep(site, speaker, inherited, text, rules_keep) if terms else rules_keep


def _extract(
    text: str,
    aliases: Mapping[str, str] | None,
    terms: bool = False,
    collect: list[tuple[_Site, dict[str, float]]] | None = None,
) -> tuple[list[Quote], _Context]:
    proper = {_norm(k).lower() for k in aliases or {} if k[:1].isupper()}  # written with a capital: matched so
    aliases = {_norm(k).lower(): v for k, v in (aliases or {}).items()}
    sites, subjects = _sites(text)
    for site in sites:
        _attribute(site)
    sites = _split_quotes(text, sites)
    hits = _alias_hits(text, aliases, proper)
    resolver = _Resolver(text, aliases, hits, [s for site in sites for s in site.spans], subjects)
    speakers = [resolver.resolve(site) for site in sites]
    inherited = _inherit(sites, speakers)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    hit_starts = [a for a, _, _ in hits]
    quotes = []
    kept_sites: list[_Site] = []
    kept: tuple[_Site, _Speaker] | None = None
    dropped: _Site | None = None
    for site, speaker, inherit in zip(sites, speakers, inherited, strict=True):
        listed = kept is not None and kept[0].sentence == site.sentence and bool(_LISTED.fullmatch(site.pre))
        if dropped is not None and dropped.sentence == site.sentence and _LISTED.fullmatch(site.pre):
            dropped = site  # '“too high” or “not competitive”' after a term: the list of terms goes on
            continue
        if listed and kept is not None:  # 'called it “unfair”, “costly” and “unlawful”': the list goes on
            speaker = speaker if speaker.name else kept[1]
        elif not _decide(site, speaker, inherit, text, terms, collect):
            dropped = site
            continue
        dropped = None
        if speaker.name is None and not inherit:
            speaker = resolver.subject_of(site, text)
        kept = (site, speaker)
        kept_sites.append(site)
        lo, hi = site.sentence
        if site.used_follow:
            hi = max(hi, text.find(site.follow, hi) + len(site.follow))
        first = bisect_right(hit_starts, lo - 1)
        mentions = tuple(sorted({key for a, b, key in hits[first : bisect_right(hit_starts, hi)] if b <= hi}))
        line = bisect_right(newlines, site.start) + 1
        quotes.append(
            Quote(
                _norm(site.text).rstrip(", "),
                speaker.name,
                speaker.kind,
                _norm(text[lo:hi]),
                line,
                speaker.confidence,
                mentions,
            )
        )
    spans = [s for site in sites for s in site.spans]
    return quotes, _Context(text, aliases, kept_sites, spans, resolver, hits)
