"""A learned ranker for quote attribution: which person or organisation around a quote said it.

The rule extractor (:mod:`regterm.ingest.extract`) picks a speaker with the first pattern that fires. The ranker
takes that choice as one candidate among the people and organisations mentioned around the quote and scores each
with a logistic regression over a few dozen features (was it the rules' choice, and by which family of rule; how
far from the quote, in characters and in sentences, before or after it; the subject of a sentence with a verb of
speech; next to a verb of speech; person, organisation or public body; mentions in the article; the previous
quote's speaker; a title next to it; named inside the quote ...). The best-scoring candidate speaks; a "nobody"
candidate lets the rules' "unattributed" stand. Round 6 added: agreement of a reference with the candidate's kind
('he', 'she', 'the commissioner': a person; 'it': an organisation; 'the company': a company; 'the regulator': a
public body), the rules' name being no mention of the article, a candidate named right after the rules' choice,
'attributed to' as 'according to', one-word names opening a sentence ('The Commission', 'Brussels fined ...'),
and a constraint: a quote whose speaker is anonymous ('said one procurement manager') never goes to a person the
rules did not choose (round 7: nor to an organisation not named in the quote's sentence). Round 7 added 'said
after' cues (a name after the quote in its sentence with a verb of speech before it or next to it, a person, the
last such name: 'said Commission spokesperson Lea Zuber'), the person named last being in the quote's paragraph,
and a paragraph that opens with a sentence not naming the candidate before the quote. Round 8 (the default since
its pre-registered rule, benchmarks/eval/NOTES-round8.md) added: a name of words the article writes in lower case
('Menu Stock'), a surname of a person named in full ('Ek'), a person's affiliation ('John Bergmayer, Legal Director
at Public Knowledge': the person speaks), a name before a colon that opens the quote; and a law's name ('GDPR') is
no candidate.

Candidates: the rules' choice; every person (named in full, or by surname after the full name), every
organisation the alias map knows and every other capitalised name outside quotations in the quote's sentence, the
three sentences before it, the next one and its paragraph (within 3,000 characters of the quote); the previous
quote's speaker; the person, organisation, public body and company named last before the quote (what "he", "the
company", "the regulator" resolve to); nobody.

The weights (:mod:`regterm.ingest._rank_weights`) are written by ``benchmarks/train_ranker.py`` from the tuning
articles of the evaluation set only (odd article numbers), deterministically (Newton's method, no randomness).
Pure Python, no dependency; linear in the text's length. Used by ``extract_quotes`` by default (``rank=False``:
the rules' choice); benchmarks/README.md has the cross-validated and held-out figures and the pre-registered rule
that switched it on.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from regterm.ingest import extract as ex

__all__ = ["FEATURES", "Candidate", "candidates", "fit", "rerank", "score"]

FEATURES = (
    "none",
    "none_rules",
    "none_no_verb",
    "rules",
    "rules_named",
    "rules_far",
    "rules_ref",
    "rules_inherit",
    "rules_subject",
    "rules_said_here",
    "rules_named_here",
    "same_sent",
    "same_sent_before",
    "same_sent_after",
    "prev_sent",
    "prev2_sent",
    "next_sent",
    "same_para",
    "far",
    "near_chars",
    "verb_adj",
    "subject",
    "subject_verb",
    "person",
    "org",
    "body",
    "other_kind",
    "count",
    "rules_elsewhere",
    "speaks_elsewhere",
    "prev_speaker",
    "prev_speaker_para",
    "title_near",
    "in_quote",
    "last_person",
    "last_org",
    "last_body",
    "last_company",
    "according",
    "after_prep",
    "doc_body",
    "doc_org",
    "ref_person",
    "ref_org",
    "ref_body",
    "ref_company",
    "ref_mismatch",
    "opener",
    "after_rules",
    "rules_unknown",
    # round 7's cues (benchmarks/README.md, "Round 7")
    "said_after",
    "said_after_person",
    "said_after_last",
    "last_person_para",
    "para_intro_without",
    # round 8's cues (benchmarks/eval/NOTES-round8.md)
    "lower_word",
    "surname",
    "has_org",
    "org_of_person",
    "colon_intro",
)


_PREP = re.compile(
    r"(?i)(?<![\w-])(?:against|on|to|with|from|by|over|into|of|for|at|fined|fines|fining|and)\s+(?:the\s+)?$"
)
_ACCORDING = re.compile(
    r"(?i)(?:according|attributed|attributable)\s+to\s+(?:the\s+)?$"
)  # the following can be attributed to Ana Li:
_TITLE_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:" + "|".join(sorted((re.escape(t) for t in ex._TITLES), key=len, reverse=True)) + r")\s*,?\s*$"
)
_SPOKES_AFTER = re.compile(r"(?i)^(?:[’']s)?\s+(?:spokes(?:person|woman|man)|representative|official)")
_DOC_ANY = re.compile(rf"(?<![\w’'-]){ex._DOC}")
# 'said one procurement manager', 'an official said', 'a source close to ...': someone the article does not name
_ANON = re.compile(
    r"(?i)(?<![\w’'-])(?:a|an|one|another|some|two|three|several|many|other)\s+(?:[a-z][\w’'-]*\s+){0,3}?"
    r"(?:manager|managers|official|officials|source|sources|executive|executives|person|people|lawyer|lawyers|"
    r"analyst|analysts|employee|employees|insider|insiders|diplomat|diplomats|expert|experts|observer|observers|"
    r"critic|critics|user|users|customer|customers|member|members|staffer|staffers|worker|workers|spokesperson|"
    r"spokeswoman|spokesman|representative|adviser|advisor|aide|aides|engineer|engineers|developer|developers|"
    r"founder|owner|owners|investor|investors|buyer|buyers|seller|sellers|merchant|merchants|parent|parents)"
    r"(?![\w-])"
)


def _anonymous(site: ex._Site) -> bool:
    """An unnamed speaker next to the quote's verb: '“...,” said one procurement manager', 'An official said:'."""
    post = site.post[:120]
    for match in _ANON.finditer(post):
        between = post[: match.start()]
        verb = ex._VERB.search(between)
        if (verb and len(between[verb.end() :].split()) <= 1) or (
            not re.search(r"\w", between) and ex._VERB.match(post[match.end() :].lstrip())
        ):
            return bool(not ex._NAME_ANY.search(match.group()[1:]))
    pre = site.pre[-120:]
    for match in _ANON.finditer(pre):
        rest = pre[match.end() :]
        verb = ex._VERB.search(rest)
        if verb and len(rest[: verb.start()].split()) <= 1 and not ex._NAME_ANY.search(match.group()[1:]):
            return True
    return False


def _reference(site: ex._Site) -> str | None:
    """What kind of speaker the quote's attribution refers to when it names none: 'person' ('he', 'she', 'the
    commissioner'), 'company' ('the company', 'the firm'), 'body' ('the regulator', 'the authority'), 'org' ('it');
    None for a name, 'they' or a document ('the report' may be a person's or an organisation's)."""
    if site.attribution is None:
        return None
    phrase = site.attribution.phrase
    if phrase.kind == "pronoun":
        return {"he": "person", "she": "person", "it": "org"}.get(phrase.value)
    return {"role": "person", "ref": "company", "body": "body"}.get(phrase.kind)  # a document: anyone's


def _verb_next_to(before: str, after: str) -> bool:
    """A verb of speech within two words after the mention ('Ek said', 'Ek, 45, said') or three before it
    ('said competition commissioner Ana Li')."""
    verb = ex._VERB.search(after)
    if verb and len(after[: verb.start()].split()) <= 2:
        return True
    verbs = list(ex._VERB.finditer(before))
    return bool(verbs) and len(before[verbs[-1].end() :].split()) <= 3


_AFTER = 120  # characters after a quote where '“...,” said [title] Name' names its speaker


def _said_after(article: _Article, end: int, lo_m: int, hi_m: int) -> list[int]:
    """The mentions named after a quote in its sentence with a verb of speech before them or next to them."""
    text = article.context.text
    found = []
    for i in range(bisect_left(article.mention_starts, end, lo_m, hi_m), hi_m):
        m = article.mentions[i]
        if m.start > end + _AFTER:
            break
        between = text[end : m.start]
        if re.search(r"[.!?](?:\s|$)|\n", between):  # the sentence after the quote's ended
            break
        rest = text[m.start : m.start + 100]  # from the name's own end (a mention's span may be its full name's)
        name = re.match(r"[^\s,.;:]+(?:\s+[A-Z][^\s,.;:]*)*", rest)
        after = rest[name.end() if name else 0 :][:40]
        verb = ex._VERB.search(after)
        lead = after[: verb.start()] if verb else ""
        said = verb is not None and len(lead.split()) <= 2 and not re.search(r"[.!?]", lead)
        if said or ex._VERB.search(between):  # '“...,” said Ana Li', '“...,” Li, 45, said'
            found.append(i)
    return found


_REACH = 3000  # characters around a quote where its paragraph's mentions are candidates (a guard for huge paragraphs)
_LAWS = ex._words("act regulation directive omnibus law bill code package")  # 'the AI Act' does not speak


@dataclass
class Candidate:
    """One possible speaker of a quote, with its features."""

    ident: str  # alias key, or 'n:' and the casefolded name; '' for nobody
    name: str | None
    kind: str  # "person" | "organisation" | "unknown"
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    ident: str
    name: str
    kind: str  # "person" | "org" | "other"
    public: bool
    opener: bool = False  # a one-word name opening its sentence ('The Commission', 'Brussels')


def _ident(name: str, aliases: Mapping[str, str]) -> str:
    low = re.sub(r"^the\s+", "", ex._norm(name).casefold())
    return aliases.get(low) or "n:" + low


class _Article:
    """Sentences and mentions of one article, shared by all its quotes."""

    def __init__(self, context: ex._Context) -> None:
        text, aliases = context.text, context.aliases
        self.context = context
        spans = sorted(context.spans, key=lambda s: s.start)
        self.spans = spans
        self.span_starts = [s.start for s in spans]
        self.sentences: list[tuple[int, int, int]] = []  # (start, end, paragraph)
        for para, (lo, hi) in enumerate(ex._paragraphs(text)):
            inside = [s for s in spans if lo <= s.start < hi]
            self.sentences += [(a, b, para) for a, b in ex._sentences(text, lo, hi, inside)]
        self.sentence_starts = [a for a, _, _ in self.sentences]
        self.para_bounds: dict[int, tuple[int, int]] = {}  # each paragraph's first and last sentence
        for k, (_, _, para) in enumerate(self.sentences):
            self.para_bounds[para] = (self.para_bounds.get(para, (k, k))[0], k)
        self.subjects: list[str | None] = []  # the ident of each sentence's subject
        self.speech: list[bool] = []  # each sentence has a verb of speech outside quotations
        for a, b, _ in self.sentences:
            phrase = ex._subject(text[a : min(b, a + 200)])
            value = phrase.value if phrase and phrase.kind in ("name", "org", "spokes") and phrase.value else None
            self.subjects.append(_ident(value, aliases) if value else None)
            self.speech.append(bool(ex._VERB.search(self._outside(a, b))) or bool(ex._REACTION.search(text[a:b])))
        self.mentions = self._mentions()
        self.mention_starts = [m.start for m in self.mentions]
        self.mention_sentences = [self.sentence_of(m.start) for m in self.mentions]
        self.counts: dict[str, int] = {}
        self.speaks: set[str] = set()  # idents mentioned next to a verb of speech somewhere
        self.kinds: dict[str, str] = {}  # the kind of each ident, as first mentioned
        self.cues: list[tuple[bool, bool, bool, bool]] = []  # per mention: verb, title, according, preposition
        text = context.text
        for m in self.mentions:
            self.counts[m.ident] = self.counts.get(m.ident, 0) + 1
            self.kinds.setdefault(m.ident, "body" if m.public else m.kind)
            before, after = text[max(0, m.start - 60) : m.start], text[m.end : m.end + 40]
            verb = _verb_next_to(before, after)
            if verb:
                self.speaks.add(m.ident)
            title = bool(_TITLE_BEFORE.search(before) or _SPOKES_AFTER.match(after))
            self.cues.append((verb, title, bool(_ACCORDING.search(before)), bool(_PREP.search(before))))
        self.idents = {m.ident for m in self.mentions}
        self._merged: dict[str, tuple[str, str, list[_Mention]]] = {}
        self._rules: Sequence[tuple[str | None, float]] | None = None
        self._rule_names: dict[str, int] = {}
        # words the article writes in lower case ('menu', 'stock': 'Menu Stock' is no name), the surnames
        # of the people it or the aliases name in full, and who is named with whom ('John Bergmayer, Legal Director
        # at Public Knowledge', 'Spotify's CEO Daniel Ek': the person speaks, the organisation is their affiliation)
        self.lower = set(re.findall(r"(?<![\w’'-])[a-z][a-z-]{2,}(?![\w-])", text))
        self.surnames = {m.name.split()[-1].casefold() for m in self.mentions if m.kind == "person"} | {
            k.split()[-1] for k, v in aliases.items() if v.startswith("person:") and " " in k
        }
        self.affiliation = _affiliations(text, self.mentions)

    def rule_names(self, rules: Sequence[tuple[str | None, float]]) -> dict[str, int]:
        """How many quotes the rules give to each name: counted once per list of choices, not once per quote."""
        if self._rules is not rules:
            counts: dict[str, int] = {}
            for n, _ in rules:
                if n:
                    counts[n] = counts.get(n, 0) + 1
            self._rules, self._rule_names = rules, counts
        return self._rule_names

    def merged(self, name: str, pos: int) -> tuple[str, str]:
        """The ident and name of a speaker the rules named: a mention's when the name is one, or when one name
        ends the other ('Democracy Henna Virkkunen' and 'Henna Virkkunen', 'Ek' and 'Daniel Ek', 'Data
        Protection Authority' and 'Italian Data Protection Authority'), the mention nearest before `pos`."""
        if name not in self._merged:
            ident = _ident(name, self.context.aliases)
            matching: list[_Mention] = []
            if ident not in self.idents:
                low = re.sub(r"^the\s+", "", ex._norm(name).casefold())
                for m in self.mentions:
                    other = m.name.casefold()
                    longer, shorter = (low, other) if len(low) > len(other) else (other, low)
                    if longer.endswith(" " + shorter) and (" " in shorter or m.kind == "person"):
                        matching.append(m)
            self._merged[name] = (ident, name, matching)
        ident, name, matching = self._merged[name]
        if not matching:
            return ident, name
        k = bisect_left([m.start for m in matching], pos)  # the last one before pos, else the first
        best = matching[k - 1] if k else matching[0]
        return best.ident, best.name

    def _outside(self, a: int, b: int) -> str:
        """The text of [a, b) with quotations blanked."""
        chars = list(self.context.text[a:b])
        first = max(0, bisect_right(self.span_starts, a) - 1)  # spans are disjoint: one may start before a
        for s in self.spans[first : bisect_right(self.span_starts, b - 1)]:
            if s.end > a and s.start < b:
                lo, hi = max(s.start, a) - a, min(s.end, b) - a
                chars[lo:hi] = " " * (hi - lo)
        return "".join(chars)

    def inside_quote(self, i: int) -> bool:
        k = bisect_right(self.span_starts, i) - 1
        return k >= 0 and i < self.spans[k].end

    def sentence_of(self, i: int) -> int:
        return max(0, bisect_right(self.sentence_starts, i) - 1)

    def _mentions(self) -> list[_Mention]:
        found = [m for m in self._all_mentions() if m.name.split()[-1].lower() not in _LAWS]
        # a surname alone ('Ek said ...' before 'Daniel Ek' is named) is the person the article names in full
        full: dict[str, _Mention | None] = {}
        for m in found:
            if m.kind == "person" and " " in m.name:
                key = m.name.split()[-1].casefold()
                other = full.get(key, m)
                full[key] = m if other is not None and other.ident == m.ident else None  # two people: neither
        return [
            replace(m, ident=person.ident, name=person.name, kind="person", public=False)
            if " " not in m.name and (person := full.get(m.name.casefold())) is not None
            else m
            for m in found
        ]

    def _all_mentions(self) -> list[_Mention]:
        context = self.context
        text, aliases, resolver = context.text, context.aliases, context.resolver
        found: list[_Mention] = []
        taken = bytearray(len(text) + 1)  # characters a mention already covers
        for a, b, key in context.hits:
            if key.startswith("regulation:"):
                taken[a:b] = b"\x01" * (b - a)  # a law's name ('GDPR') does not speak: no capitalised name below
                continue
            if self.inside_quote(a):
                continue
            name = resolver.display.name(key, a)
            person = key.startswith("person:")
            public = key in resolver.bodies or ex._public_body(key.split(":", 1)[-1]) or ex._public_body(name)
            found.append(_Mention(a, b, key, name, "person" if person else "org", public and not person))
            taken[a:b] = b"\x01" * (b - a)
        for p, name in resolver.people:
            if self.inside_quote(p) or taken[p]:
                continue
            found.append(_Mention(p, p + len(name), _ident(name, aliases), name, "person", False))
            taken[p : p + len(name)] = b"\x01" * len(name)
        for match in ex._NAME_ANY.finditer(text):
            a = match.start()
            if self.inside_quote(a) or any(taken[a : match.end()]):
                continue
            cleaned = ex._clean_name(match.group())
            if not cleaned:
                continue
            name = cleaned
            tokens = name.split()
            low = name.lower()
            if low in ex._STOPWORDS or low in ex._TITLES or low in ex._DAYS_MONTHS:
                continue
            if aliases.get(re.sub(r"^the\s+", "", low), "").startswith("regulation:"):
                continue
            opening = not re.search(r"[\w,;]\s*$", text[max(0, a - 3) : a])  # starts a sentence or a paragraph
            opener = False
            if len(tokens) == 1 and not tokens[0].isupper() and (opening or low not in aliases):
                # 'The Commission fined ...', 'Brussels said ...': a one-word body opening its sentence, kept when
                # an article comes with it or a verb follows it
                after = text[match.end() : match.end() + 40]
                verb = ex._VERB.search(after) or ex._REACTION.search(after)
                the = match.group().split()[0].lower() == "the" or bool(
                    re.search(r"(?i)\bthe\s+$", text[max(0, a - 4) : a])
                )
                acted = re.match(r"\s+(?:has\s+|have\s+|had\s+|will\s+|would\s+)?[a-z]+(?:ed|es|s)\b", after)
                said = verb is not None and len(after[: verb.start()].split()) <= 1
                if not opening:
                    # mid-sentence, a one-word name acting or speaking ('However, Virkkunen firmly rejected', 'as
                    # Breton said'): a surname or a body the article names so
                    if not (said or re.match(r"\s+(?:[a-z]+ly\s+)?[a-z]+ed\b", after)):
                        continue
                elif not (the or acted or said):
                    continue
                else:
                    opener = True
            public = ex._public_body(name)
            org = public or any(t.lower() in ex._ORG_WORDS or t.isupper() for t in tokens) or low in aliases
            kind = "org" if org else "person" if len(tokens) > 1 else "other"
            if kind == "person":
                kind = "org"  # a capitalised run the person finder left out ('group Finance Watch')
            found.append(_Mention(a, match.end(), _ident(name, aliases), name, kind, public, opener))
        return sorted(found, key=lambda m: m.start)


_AFTER_PERSON = re.compile(r",\s+(?:[\w’'&.-]+\s+){0,6}?(?:at|of|for|from|with|in)\s+(?:the\s+)?")
_BEFORE_PERSON = re.compile(
    r"(?:[’']s)?\s+(?:(?:[a-z][\w-]*|[A-Z]{2,4})\s+){0,3}(?i:"
    + "|".join(sorted((re.escape(t) for t in ex._TITLES), key=len, reverse=True))
    + r")\s+"
)  # 'Acme's CEO ', ' legal director ' (a title last): not 'Acme fined Lea Zuberova'


def _affiliations(text: str, mentions: Sequence[_Mention]) -> dict[int, str]:
    """Mentions named as a person's affiliation: 'John Bergmayer, Legal Director at Public Knowledge' and
    'Spotify's CEO Daniel Ek' give the person 'has_org' and the organisation 'org_of_person'."""
    found: dict[int, str] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        between = text[a.end : b.start]
        if a.kind == "person" and b.kind == "org" and len(between) <= 70 and _AFTER_PERSON.fullmatch(between):
            found[i], found[i + 1] = "has_org", "org_of_person"
        elif a.kind == "org" and b.kind == "person" and len(between) <= 50 and _BEFORE_PERSON.fullmatch(between):
            found[i], found[i + 1] = "org_of_person", "has_org"
    return found


def _bucket(confidence: float) -> str:
    if confidence >= 0.85:
        return "rules_named"
    if confidence >= 0.7:
        return "rules_far"
    if confidence >= 0.6:
        return "rules_ref"
    if confidence >= 0.5:
        return "rules_inherit"
    return "rules_subject"


def _kind(mention_kind: str) -> str:
    return {"person": "person", "org": "organisation"}.get(mention_kind, "unknown")


def candidates(
    article: _Article,
    index: int,
    rules: Sequence[tuple[str | None, float]],
    quote: ex.Quote,
) -> list[Candidate]:
    """The candidate speakers of the `index`-th kept quote, the rules' choice first, nobody last."""
    context = article.context
    site = context.sites[index]
    start, end = site.start, site.spans[-1].end
    own = article.sentence_of(start)
    para = article.sentences[own][2]
    lo_sent, hi_sent = max(0, own - 3), min(len(article.sentences) - 1, own + 1)
    # the three sentences before, the next one and the paragraph: one run of sentences, so one run of mentions
    # (within _REACH characters of the quote, which only a paragraph of thousands of characters reaches)
    first = min(lo_sent, article.para_bounds[para][0])  # not a walk: a paragraph may hold thousands of sentences
    last_sent = max(hi_sent, article.para_bounds[para][1])
    lo_m = bisect_left(article.mention_starts, max(article.sentences[first][0] if first else -1, start - _REACH))
    hi_m = len(article.mentions)
    if last_sent + 1 < len(article.sentences):
        hi_m = bisect_left(article.mention_starts, article.sentences[last_sent + 1][0])
    hi_m = min(hi_m, bisect_left(article.mention_starts, end + _REACH))
    window = article.mentions[lo_m:hi_m]
    near_of: dict[str, list[int]] = {}
    for i in range(lo_m, hi_m):
        near_of.setdefault(article.mentions[i].ident, []).append(i)
    by_ident: dict[str, Candidate] = {}
    order: list[str] = []

    def add(ident: str, name: str, kind: str) -> Candidate:
        if ident not in by_ident:
            by_ident[ident] = Candidate(ident, name, kind, {})
            order.append(ident)
        return by_ident[ident]

    rule_name, rule_conf = rules[index]
    if rule_name:
        ident, name = article.merged(rule_name, start)
        rule = add(ident, name, quote.speaker_kind if quote.speaker == rule_name else "unknown")
        rule.features["rules"] = 1.0
        rule.features[_bucket(rule_conf)] = 1.0
        if ident not in article.idents:
            rule.features["rules_unknown"] = 1.0  # the rules' name is no mention the article makes elsewhere
    rule_ident = by_ident[order[0]].ident if rule_name else None
    rule_ends = sorted(article.mentions[i].end for i in near_of.get(rule_ident or "", []))
    names = article.rule_names(rules)
    own_name = rules[index][0]
    elsewhere = {article.merged(n, start)[0] for n, c in names.items() if c > (n == own_name)}
    for m in window:
        add(m.ident, m.name, _kind(m.kind))
    previous = rules[index - 1][0] if index else None
    if previous:
        ident, name = article.merged(previous, start)
        add(ident, name, "unknown").features["prev_speaker"] = 1.0
        if context.sites[index - 1].spans[-1].para == site.spans[0].para:
            by_ident[ident].features["prev_speaker_para"] = 1.0
    k = bisect_right(article.mention_starts, start - 1)
    last: dict[str, bool] = {}
    for m in reversed(article.mentions[max(0, k - 60) : k]):
        tags = ["last_person"] if m.kind == "person" else ["last_org", "last_body" if m.public else "last_company"]
        for tag in tags:
            if tag not in last:
                last[tag] = True
                features = add(m.ident, m.name, _kind(m.kind)).features
                features[tag] = 1.0
                if tag == "last_person" and article.sentences[article.sentence_of(m.start)][2] == para:
                    features["last_person_para"] = 1.0  # the person named last is in the quote's own paragraph
    said_after = _said_after(article, end, lo_m, hi_m)
    doc = bool(_DOC_ANY.search(article._outside(*article.sentences[own][:2])))
    quote_text = site.text.casefold()
    intro = own > 0 and article.sentences[own - 1][2] == para  # a sentence before the quote's in its paragraph
    reference = _reference(site)
    anonymous = _anonymous(site)
    colon = site.pre.rstrip().endswith(":")  # 'The findings: “...”', 'can be attributed to Ana Li:'
    lead = bool(site.lead)  # the previous paragraph ends with a colon
    no_verb = not article.speech[own] and not (own and article.speech[own - 1])
    kinds = article.kinds
    result = []
    for ident in order:
        c = by_ident[ident]
        f = c.features
        near_i = near_of.get(ident, [])
        near = [article.mentions[i] for i in near_i]
        kind = kinds.get(ident) or ("person" if c.kind == "person" else "org" if c.kind == "organisation" else "other")
        f[{"person": "person", "org": "org", "body": "body"}.get(kind, "other_kind")] = 1.0
        f["count"] = math.log1p(article.counts.get(ident, 0)) / 3
        if ident in elsewhere:
            f["rules_elsewhere"] = 1.0
        if ident in article.speaks:
            f["speaks_elsewhere"] = 1.0
        if c.name and c.name.casefold() in quote_text:
            f["in_quote"] = 1.0
        if doc and kind == "body":
            f["doc_body"] = 1.0
        if doc and kind == "org":
            f["doc_org"] = 1.0
        if reference == "person":
            f["ref_person" if kind == "person" else "ref_mismatch"] = 1.0
        elif reference is not None:
            if kind in ("org", "body"):
                f["ref_org"] = 1.0
                if reference == "body" and kind == "body":
                    f["ref_body"] = 1.0
                if reference == "company" and kind == "org":
                    f["ref_company"] = 1.0
            elif kind == "person":
                f["ref_mismatch"] = 1.0
        # 'said one procurement manager': the organisation they speak for (named in the quote's sentence, 'said an
        # Acme spokesperson') or nobody; never a person
        if (
            anonymous
            and not f.get("rules")
            and (kind == "person" or not any(article.mention_sentences[i] == own for i in near_i))
        ):
            continue
        if ident != rule_ident and any(
            bisect_right(rule_ends, m.start) > bisect_left(rule_ends, m.start - 40) for m in near
        ):
            f["after_rules"] = 1.0  # 'said Acme spokesperson Lea Zuber': named right after the rules' choice
        if any(m.opener for m in near):
            f["opener"] = 1.0
        if not near:
            f["far"] = 1.0
        if c.name:
            tokens = c.name.split()
            if any(t[:1].isupper() and t.casefold() in article.lower for t in tokens):
                f["lower_word"] = 1.0
            if len(tokens) == 1 and kind != "person" and tokens[0].casefold() in article.surnames:
                f["surname"] = 1.0
        best = 10**9
        for i, m in zip(near_i, near, strict=True):
            s = article.mention_sentences[i]
            verb, title, according, prep = article.cues[i]
            distance = min(abs(m.start - end), abs(start - m.end))
            best = min(best, distance)
            if s == own:
                f["same_sent"] = 1.0
                f["same_sent_before" if m.start < start else "same_sent_after"] = 1.0
            elif s == own - 1:
                f["prev_sent"] = 1.0
            elif own - 3 <= s < own - 1:
                f["prev2_sent"] = 1.0
            elif s == own + 1:
                f["next_sent"] = 1.0
            if article.sentences[s][2] == para:
                f["same_para"] = 1.0
            if verb:
                f["verb_adj"] = 1.0
            if article.subjects[s] == ident:
                f["subject"] = 1.0
                if article.speech[s]:
                    f["subject_verb"] = 1.0
            if title:
                f["title_near"] = 1.0
            if according:
                f["according"] = 1.0
            if prep:
                f["after_prep"] = 1.0
            if i in article.affiliation:
                f[article.affiliation[i]] = 1.0
            if (colon and s == own and m.start < start) or (lead and s == own - 1):
                f["colon_intro"] = 1.0
            if i in said_after:
                f["said_after"] = 1.0  # '“...,” said Commission spokesperson Lea Zuber', '... warned Ribera'
                if kind == "person":
                    f["said_after_person"] = 1.0
                if i == said_after[-1]:
                    f["said_after_last"] = 1.0  # 'said Dutch DPA chairperson, Aleid Wolfsen'
        if near:
            f["near_chars"] = 1 - min(best, 400) / 400
        if intro and ident and not any(article.sentences[article.mention_sentences[i]][2] == para for i in near_i):
            f["para_intro_without"] = 1.0  # 'The ruling was published in full. “...”': a paragraph that names them not
        if f.get("rules"):  # how strong the rules' evidence is: their choice named next to a verb, in the sentence
            if f.get("same_sent") and f.get("verb_adj"):
                f["rules_said_here"] = 1.0
            if f.get("rules_named") and f.get("same_sent"):
                f["rules_named_here"] = 1.0
        result.append(c)
    nobody = Candidate("", None, "unknown", {"none": 1.0})
    if not rule_name:
        nobody.features["none_rules"] = 1.0
    if no_verb:
        nobody.features["none_no_verb"] = 1.0  # no verb of speech in the quote's sentence nor the one before
    result.append(nobody)
    return result


def score(weights: Mapping[str, float], candidate: Candidate) -> float:
    return weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in candidate.features.items())


def choose(weights: Mapping[str, float], options: Sequence[Candidate]) -> tuple[Candidate, float]:
    """The best-scoring candidate (the first of equals: the rules' choice comes first) and its score."""
    best, top = options[0], score(weights, options[0])
    for c in options[1:]:
        s = score(weights, c)
        if s > top:
            best, top = c, s
    return best, top


def rerank(
    context: ex._Context,
    quotes: Sequence[ex.Quote],
    rules: Sequence[tuple[str | None, float]] | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[ex.Quote]:
    """The quotes with the speaker the ranker prefers (the rules' when it agrees: same name, kind, confidence)."""
    if weights is None:
        from regterm.ingest._rank_weights import WEIGHTS

        weights = WEIGHTS
    choices = rules if rules is not None else [(q.speaker, q.confidence) for q in quotes]
    article = _Article(context)
    result = []
    for i, quote in enumerate(quotes):
        best, top = choose(weights, candidates(article, i, choices, quote))
        if best.features.get("rules") or (best.name is None and quote.speaker is None):
            result.append(quote)
            continue
        confidence = round(min(0.85, 1 / (1 + math.exp(-top))), 2)
        kind = best.kind if best.name else "unknown"
        result.append(replace(quote, speaker=best.name, speaker_kind=kind, confidence=confidence))
    return result


# --------------------------------------------------------------------------- training (pointwise logistic regression)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is positive definite: L2 on every weight)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def fit(
    rows: Sequence[tuple[Mapping[str, float], int]], features: Sequence[str], l2: float, iterations: int = 25
) -> dict[str, float]:
    """Weights of a logistic regression of the labels on `features` (and a bias), L2-penalised with `l2`
    (the bias too, lightly), by Newton's method from zero: deterministic."""
    names = ["bias", *features]
    n = len(names)
    data = [([1.0] + [f.get(k, 0.0) for k in features], y) for f, y in rows]
    w = [0.0] * n
    for _ in range(iterations):
        grad = [l2 * w[j] * (0.01 if j == 0 else 1.0) for j in range(n)]
        hess = [[(l2 * (0.01 if j == 0 else 1.0) if i == j else 0.0) for j in range(n)] for i in range(n)]
        for x, y in data:
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            h = p * (1 - p)
            nz = [(i, xi) for i, xi in enumerate(x) if xi]
            for i, xi in nz:
                grad[i] += g * xi
                for j, xj in nz:
                    hess[i][j] += h * xi * xj
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return {k: round(v, 6) for k, v in zip(names, w, strict=True)}
