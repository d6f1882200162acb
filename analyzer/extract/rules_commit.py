"""Seller promises: which sentences and clauses of a seller turn commit the vendor.

LABELING.md's line: a statement the customer will hold the vendor to (the
product does X for them, work or support delivered, a price, a date), said by
the seller, explicitly or implicitly. Not: questions, sales admin, stories
about other customers, ROI arithmetic, hedges, demo narration, pleasantries,
or work the seller puts on the customer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from analyzer.extract.rules_match import Matchers, mask_quoted, mask_stage
from analyzer.models import Mention, Turn
from analyzer.sentences import (
    Span,
    clause_spans,
    is_question,
    merge_fragments,
    sentence_spans,
    words_at_most,
)

# How far back a seller's answer looks for the customer's question.
_LOOKBACK_TURNS = 2
# Cue lists that can rule a clause out; their union is checked first.
_EXCLUSIONS = (
    "hedge", "sales_admin", "other_customers", "roi", "narration", "customer_work", "pleasantry", "condition",
)
_ANY_EXCLUSION = "any_exclusion"
# A promise needs a few words to say anything ("That covers it." does not).
_MIN_WORDS = 4
# A clause that starts with its own subject is a new statement, not a tail; so is one that turns on "but"
# ("I won't promise a date on the app, but the portal is live on the first").
_SUBJECT_START = re.compile(
    r"\s*(?:(?i:but)\s+)?(?:(?i:I|we|you|it|they|our|your|the|this|that|these|those|there)\b|[A-Z0-9$₹€£])"
)
# How the thing just promised works: "It posts each batch as a journal entry."
_IT_DOES = re.compile(r"\s*(?:and\s+)?(?:it|that|this|they)\s+(?:also\s+|then\s+|just\s+|automatically\s+)?"
                      r"(?!(?:is|was|has|does|seems|sounds|looks|means|depends|makes|gets)\b)[a-z]+s\b", re.IGNORECASE)
# A buying condition that may carry its own date: "if we sign by the end of June, ...".
_CONDITION_OPENER = re.compile(
    r"\b(?:if|once|assuming|provided|as long as|as soon as"
    r"|with (?:the |your )?(?:order form|contract|agreement|paperwork|po|purchase order) signed)\b", re.IGNORECASE)
# Where such a condition gives way to what is promised: ", we'll ...", "then ...", "you'd be ...".
_MAIN_CLAUSE = re.compile(
    r"\bthen\b|,\s*(?:we|you|i|it|they|that|this|our|your|the)\b"
    r"|\b(?:we|you|i|it|they)(?:['’]ll|['’]d| will| would)\b", re.IGNORECASE)
# A condition longer than this is not one any more; its date is the promise's.
_CONDITION_WORDS = 16
# The next step of a plan just promised: "Then everybody else in March."
_NEXT_STEP = re.compile(r"\W*(?:and )?(?:then|after that|next)\b", re.IGNORECASE)
# ", and" before a new subject (the, it, if, your, our, that's, ...): where a second statement may start
# ("... to the day, and credits that run out bill the extra hours"). Cut there only when both sides promise
# on their own.
_SECOND_STATEMENT = re.compile(
    r",\s+and\s+(?=(?:the|it|if|anything|anyone|whatever|that.s|there.s|your|our|when|during)\s)", re.IGNORECASE
)
# Where an answer to "What do you need from us?" goes on past the buyer's part: ", and ...", "then ...".
_THEN_JOINT = re.compile(r"(?:^\W*|,\s*|\s)(?:and\s+)?(?P<then>then)\s+|(?:^\W*|,\s*)and\s+(?!then\b)", re.IGNORECASE)
# Their part again: "then you send us the list by Friday", "then your IT opens the port", "the file you export".
_THEIRS_FIRST = re.compile(r"\W*(?:you|your|y.all|we.d need|we need)\b", re.IGNORECASE)
_THEY_DO = re.compile(r"\byou\s+(?:\w+\s+)?(?:export|send|upload|give|run|pull|download|provide|prepare|fill|"
                      r"type|enter|save|keep|get|have)\b", re.IGNORECASE)
# Work addressed to the customer ("your team", "for you").
_YOU = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
# A name said mid-sentence: a capitalised word after a word ("we run Old GP", "Paloma emails it").
_NAME_INSIDE = re.compile(r"(?<=[a-z,] )[A-Z][\w-]+")


class _Question:
    """What the customer just asked, the need they stated, or the situation they told (naming the work).

    The category it was about is found when a rule first needs it: most seller turns
    promise nothing that asks, and finding it can mean reading every category in the
    whole customer turn.
    """

    __slots__ = ("_category", "_find", "_names", "_said", "asks", "capability", "needs", "their_part")

    def __init__(
        self, *, capability: bool, category: str | None = None, find: Callable[[], str | None] | None = None,
        asks: bool = True, needs: bool = True, their_part: bool = False, said: str = "",
    ) -> None:
        self.capability = capability  # a yes/no "can you / does it" question
        self.asks = asks  # False: a situation that names the work ("the walk-in has no wifi"), no question or need
        # False: small talk about the seller, no need of theirs ("How did you end up at this company?")
        self.needs = asks and needs
        self.their_part = their_part  # "What do you need from us?": the answer names the buyer's part
        self._said = said  # the customer turn, for :attr:`names`
        self._names: frozenset[str] | None = None
        self._category = category
        self._find = find  # finds the category, when it is not known yet

    @property
    def names(self) -> frozenset[str]:
        """What they call their own systems and people ("GP", "Paloma"), said mid-sentence; read when first asked."""
        if self._names is None:
            self._names = frozenset(_NAME_INSIDE.findall(self._said))
        return self._names

    @property
    def category(self) -> str | None:
        """The category it was about."""
        if self._find is not None:
            self._category, self._find = self._find(), None
        return self._category


@dataclass(frozen=True, slots=True)
class _Verdict:
    kind: str  # explicit | implicit
    continues: bool = False  # says how the promise before it works: same category


@dataclass(slots=True)
class _Context:
    """What the reader knows while walking one seller turn."""

    asked: _Question | None = None  # the customer question, need or situation the turn answers, for the whole turn
    opening: bool = True  # still at the turn's first clause
    excluded: bool = False  # the previous clause of this sentence was ruled out
    last_category: str | None = None  # category of the previous promise in this turn
    promised: bool = False  # a promise was made earlier in this turn
    raised: frozenset[str] = frozenset()  # categories the customer side asked for before this turn

    @property
    def awaiting(self) -> _Question | None:
        """What the customer asked, needed or told, until the first promise (which inherits its category)."""
        return None if self.promised else self.asked

    @property
    def question(self) -> _Question | None:
        """:attr:`awaiting`, when the customer asked or stated a need: a situation asks for no yes or date."""
        awaiting = self.awaiting
        return awaiting if awaiting is not None and awaiting.asks else None

    @property
    def answering(self) -> bool:
        """Whether the turn answers a customer question, need, or a situation that names the work.

        A situation's category is read only when a rule asks (most seller turns promise nothing).
        """
        return self.asked is not None and (self.asked.asks or self.asked.category is not None)

    @property
    def topic(self) -> str | None:
        """The category of what the turn answers (question, need or situation)."""
        return self.asked.category if self.asked is not None else None


class CommitmentReader:
    """Reads seller turns for commitments, with the customer's last question as context."""

    def __init__(self, matchers: Matchers) -> None:
        self._m = matchers
        matchers.add_union(_ANY_EXCLUSION, _EXCLUSIONS)
        # The last customer turn read as a question: a colleague's turn after the first answer reads it again.
        self._last_question: tuple[str, _Question] | None = None

    def read(self, turns: list[Turn], index: int, region: Span, raised: frozenset[str] = frozenset()) -> list[Mention]:
        """Commitment mentions (and the work they offer, as asks) in one seller turn piece.

        ``raised``: the categories the customer side asked for earlier in the call.
        """
        turn = turns[index]
        text, masked = turn.text, mask_quoted(turn.text)
        if self._m.has("puffery", masked[region[0] : region[1]]):
            return []  # a recited pitch, not a promise to this customer
        context = _Context(asked=self._question_before(turns, index) if region[0] == 0 else None, raised=raised)
        mentions: list[Mention] = []
        for sentence, core_start in merge_fragments(text, sentence_spans(text, *region)):
            context.excluded = False
            for clause in self._clauses(masked, sentence, core_start):
                mentions.extend(self._read_clause(index, text, masked, clause, core_start, context))
                context.opening = False
        return mentions

    def _clauses(self, masked: str, sentence: Span, core_start: int) -> list[Span]:
        """Clauses of a sentence, further cut where a second category's promise begins."""
        spans: list[Span] = []
        for clause in clause_spans(masked, sentence):
            for part in self._split_statements(masked, clause, core_start):
                spans.extend(self._split_by_category(masked, part, core_start))
        return spans

    def _split_statements(self, masked: str, span: Span, core_start: int) -> list[Span]:
        """"Uptime is 99.9, and the data is encrypted at rest" holds two promises; "the license number is a
        field on the account, and if it expires it warns you" holds one (the first half promises nothing alone)."""
        a, b = span
        for match in _SECOND_STATEMENT.finditer(masked, a, b):
            left_core = masked[max(a, core_start) : match.start()]
            right = masked[match.end() : b]
            if self.stands_alone(left_core) and self.stands_alone(right) and self._says_it_outright(right):
                return [(a, match.start()), *self._split_statements(masked, (match.end(), b), core_start)]
        return [span]

    def _says_it_outright(self, part: str) -> bool:
        """Whether a clause promises in so many words (a cue, a date, or how it works): cut off, it must still
        read as a promise rather than fall out of the one it was part of."""
        m = self._m
        return self._promise_cue(part) or m.due_phrase(part) is not None or m.has("answer_behaviour", part)

    def _promise_cue(self, part: str) -> bool:
        """Whether a piece holds a promise cue: a commitment, a price or an implicit yes."""
        m = self._m
        return m.has("commitment", part) or m.has("price", part) or m.has("implicit", part)

    def _split_by_category(self, masked: str, span: Span, core_start: int) -> list[Span]:
        """"A 2-week setup ... and integrate with your systems" holds two promises.

        Cut at the last comma or "and" between triggers of two different
        categories, but only when each side would be a promise on its own.
        """
        a, b = span
        hits = self._m.category_hits(masked[a:b])
        for first, second in pairwise(hits):
            if first.slug == second.slug:
                continue
            gap = masked[a + first.end : a + second.start]
            cut = max(gap.rfind(", "), gap.rfind(" and "))
            if cut == -1:
                continue
            left_end = a + first.end + cut
            right_start = left_end + (2 if gap[cut:].startswith(", ") else 5)
            if masked[right_start:].startswith("and "):
                right_start += 4
            left_core = masked[max(a, core_start) : left_end]
            # "I won't promise a date on the app, but the portal is live on the first": the refusal
            # holds back only its own part.
            refused = masked[right_start:].startswith("but ") and self._excluded(left_core)
            if (refused or self.stands_alone(left_core)) and self.stands_alone(masked[right_start:b]):
                return [(a, left_end), *self._split_by_category(masked, (right_start, b), core_start)]
        return [span]

    def stands_alone(self, part: str) -> bool:
        """Whether a piece of a sentence is a promise by itself."""
        m = self._m
        if words_at_most(part, _MIN_WORDS - 1) or self._excluded(part):
            return False
        if self._promise_cue(part):
            return True
        return bool(m.category_hits(part)) and bool(_YOU.search(part) or m.due_phrase(part))

    def _read_clause(
        self, index: int, text: str, masked: str, span: Span, core_start: int, context: _Context
    ) -> list[Mention]:
        a, b = span
        core = masked[max(a, core_start) : b] if core_start < b else masked[a:b]
        hits = self._m.category_hits(masked[a:b])
        slugs = [hit.slug for hit in hits]
        continuation = context.excluded and not _SUBJECT_START.match(core)
        verdict = None if continuation else self._judge(masked[a:b], core, slugs, context)
        if verdict is None:
            # "I'll set up a demo—show you the dashboards": the tail is the same admin.
            context.excluded = continuation or self._excluded(core)
            if slugs and not continuation and self._m.has("customer_work", core) and not is_question(core):
                # "You'd send us the spreadsheets and we map them": no promise, but the work is real.
                return [Mention(kind="ask", turn=index, quote=text[a:b], category=slug)
                        for slug in dict.fromkeys(slugs)]
            return []
        category = context.last_category if verdict.continues else self._category(slugs, context)
        context.last_category, context.promised = category, True  # only the first promise inherits the question's
        minimizer = self._m.first("minimizer", core)
        found = [Mention(
            kind="commitment", turn=index, quote=text[a:b], category=category,
            due=self._due(text[a:b]), commitment_kind=verdict.kind,
            minimizer=minimizer,
        )]
        # What the seller commits to deliver for this customer is hidden work too; a
        # tour line nobody asked about ("we also have mobile apps") is not.
        if (context.answering or _YOU.search(core) or found[0].due or self._m.has("future", core)
                or _names_theirs(core, context)):
            found.extend(Mention(kind="ask", turn=index, quote=text[a:b], category=slug)
                         for slug in dict.fromkeys(slugs))
        return found

    def _due(self, clause: str) -> str | None:
        """When the promise is due: its first date that is not a buying condition's.

        "If we sign by the end of the month, texting is live by May 15th" is due
        May 15th; a condition's date counts only when it is the clause's only one.
        """
        spans = self._m.due_spans(clause)
        if not spans:
            return None
        start, end = next((span for span in spans if not _conditional(clause, span, spans)), spans[0])
        return clause[start:end].strip(" ,.")

    @staticmethod
    def _category(slugs: list[str], context: _Context) -> str | None:
        """The category a promise delivers.

        What the customer just asked about wins when the clause names it
        ("an approval step before invoicing" answers the approval ask);
        otherwise the first named, which is what the clause delivers; later ones
        say when or for what ("SSO live for the pilot" is SSO, "support during
        onboarding" is support); with none named, the question's ("Can you do
        X?" - "Yes, that's on us.") or the situation's ("The walk-in has no
        wifi." - "The count works offline.").
        """
        asked = context.topic
        if asked and asked in slugs:
            return asked
        if slugs:
            return slugs[0]
        said = context.awaiting
        return said.category if said else None

    def _judge(self, clause: str, core: str, slugs: list[str], context: _Context) -> _Verdict | None:
        """Whether ``clause`` commits the vendor, and how (explicit or implicit).

        ``core`` is the clause without a leading fragment ("Great question.");
        exclusions and cues are read on it, the affirmation on the whole.
        """
        m = self._m
        if words_at_most(core, _MIN_WORDS - 1) or self._excluded(core) or self._unasked_tour(core, slugs, context):
            return None
        question = context.question
        if m.has("commitment", core) or m.has("price", core) or m.has("dated_answer", core):
            return _Verdict("explicit")
        if m.has("signing_condition", core) and self._dated_past_condition(core):
            return _Verdict("explicit")  # "If the board signs by Jan 31st, you open registration with us on March 1st."
        awaiting = context.awaiting
        if awaiting is not None and awaiting.their_part:
            # "What do you need from us?" - "An ERP user, and a test system": their part, no promise;
            # "..., and the hours sync to ADP every Friday": what the product then does for them.
            return _Verdict("explicit") if self._after_their_part(core) else None
        if context.opening and question and m.due_phrase(core):
            return _Verdict("explicit")  # "How long does it take?" - "About three weeks."
        if context.opening and question and question.capability and m.has("affirmation", clause):
            return _Verdict("explicit")
        if slugs and self._about_this_customer(core, slugs, context):
            return _Verdict("explicit")
        # ``answering`` is tested last: for a situation it reads the customer turn's categories.
        if not slugs and context.last_category and _IT_DOES.match(core) and context.answering:
            return _Verdict("explicit", continues=True)  # "We have a NetSuite connector. It posts each batch ..."
        if context.promised and _NEXT_STEP.match(core) and m.due_phrase(core):
            return _Verdict("explicit", continues=True)  # "... on it by February second. Then everyone else in March."
        if m.has("answer_behaviour", core) and (context.answering or context.raised.intersection(slugs)):
            # "Can someone change a reading?" - "Nobody can edit a signed inspection."; or how it does
            # what the customer side asked for earlier in the call.
            return _Verdict("explicit")
        if m.has("implicit", core) and (question or slugs or context.promised or context.answering):
            return _Verdict("implicit")  # "no problem" promises something only about a need, or after a promise
        return None

    def _dated_past_condition(self, clause: str) -> bool:
        """Whether ``clause`` has a date that is not its buying condition's (see :func:`_conditional`)."""
        spans = self._m.due_spans(clause)
        return any(not _conditional(clause, span, spans) for span in spans)

    def _after_their_part(self, core: str) -> bool:
        """Whether, past the buyer's part, ``core`` goes on to what the product then does.

        "A read-only login, and the hours sync to ADP every Friday." or "..., and then single
        sign-on is live by March first."; not "..., and then you send us the list by Friday."
        """
        for joint in _THEN_JOINT.finditer(core):
            tail = core[joint.end() :]
            if _THEIRS_FIRST.match(tail) or _THEY_DO.search(tail):
                continue
            if self._m.has("answer_behaviour", tail) or (joint.group("then") and self._m.due_phrase(tail)):
                return True
        return False

    def _about_this_customer(self, core: str, slugs: list[str], context: _Context) -> bool:
        """Category work tied to this customer: "your", a date, their question, or more of the same."""
        m = self._m
        if _YOU.search(core) or m.due_phrase(core) or _names_theirs(core, context):
            return True
        said = context.awaiting
        if said and said.category in slugs:
            return True  # an on-topic answer to what they just asked or told
        if said and said.needs and said.category is None and context.opening:
            # "I want one page when the month closes" - "That's a standard report by rep." Not small talk:
            # "How did you end up here?" - "I ran the mobile team at a bank" names no work of theirs.
            return True
        return context.last_category is not None and context.last_category in slugs

    def _unasked_tour(self, core: str, slugs: list[str], context: _Context) -> bool:
        """"We also have a mobile app": a tour aside, unless it speaks to this customer's need."""
        if not self._m.has("tour", core) or _YOU.search(core) or self._m.has("price", core):
            return False  # "we also offer 10% off annual" is a price all the same
        return not context.raised.intersection(slugs)

    def _excluded(self, clause: str) -> bool:
        """Everything LABELING.md says is not a commitment, checked on one clause."""
        m = self._m
        asks = is_question(clause)
        if not asks and not m.has(_ANY_EXCLUSION, clause):
            return False  # one scan settles most clauses
        offer = m.has("offer_question", clause)
        dated = m.has("dated_answer", clause)
        if asks and not (offer or dated):
            return True
        if m.has("hedge", clause) and not dated:
            return True
        if m.has("sales_admin", clause) and not (dated or m.has("compliance_artifact", clause)):
            return True  # "I'll get back to you by Friday" is an answer with a date
        if m.has("other_customers", clause) and not m.has("price", clause):
            return True
        return (
            m.has("roi", clause)
            or m.has("narration", clause)
            or m.has("customer_work", clause)
            or m.has("pleasantry", clause)
            or m.has("condition", clause)
        )

    def _question_before(self, turns: list[Turn], index: int) -> _Question | None:
        """What the customer just asked, said they need, or told of their situation, right before this seller turn.

        None when a seller turn comes first, or no customer turn within the lookback.
        """
        for back in range(index - 1, max(-1, index - 1 - _LOOKBACK_TURNS), -1):
            turn = turns[back]
            if turn.side == "seller":
                if turn.speaker == turns[index].speaker:
                    return None
                continue  # a colleague answered first: this turn answers the same question
            if turn.side == "customer":
                masked = mask_stage(turn.text)  # as the ask reader reads it
                if self._last_question is None or self._last_question[0] != masked:
                    self._last_question = (masked, self._read_question(masked))
                return self._last_question[1]
        return None

    def _read_question(self, masked: str) -> _Question:
        """A customer turn read as a question, else a stated need, else a situation (which may name no category)."""
        sentences = [masked[a:b] for a, b in sentence_spans(masked)]
        prerequisite = [s for s in sentences if self._m.has("prerequisite_question", s)]
        if prerequisite:  # "What do you need from us for the import?": a promise made in answer delivers the import
            return _Question(capability=False, asks=False, their_part=True,
                             find=lambda: self._asked_about(prerequisite, masked))
        asked = [s for s in sentences if is_question(s)]
        if asked and any(self._m.has("tour_question", s) for s in asked):
            return _Question(capability=False, asks=False)  # the answer shows the product: no need of theirs
        if asked:
            return _Question(
                capability=any(self._m.has("capability_question", s) for s in asked),
                find=lambda: self._asked_about(asked, masked),
                needs=not all(self._m.has("small_talk", s) for s in asked), said=masked,
            )
        # A stated need ("anything over 50K needs a second approver") is answered too.
        needs = [s for s in sentences if self._m.has("need", s)]
        if needs:  # "I want one electronic log ..." is answered even when it names no category
            return _Question(capability=False, said=masked,
                             find=lambda: self._first_category(needs) or self._first_category(sentences))
        # A situation that names the work ("the walk-in has no wifi") is answered as well.
        return _Question(capability=False, find=lambda: self._first_category(sentences), asks=False, said=masked)

    def _first_category(self, sentences: list[str]) -> str | None:
        """The first category named in ``sentences``: read sentence by sentence, as the asks were."""
        return next((hits[0].slug for s in sentences if (hits := self._m.category_hits(s))), None)

    def _asked_about(self, asked: list[str], masked: str) -> str | None:
        """The category of a customer turn's questions, or failing that of the whole turn."""
        # What is asked about comes first: "add a second approval level for refunds?"
        hits = [hit for sentence in asked for hit in self._m.category_hits(sentence)]
        hits = hits or self._m.category_hits(masked)
        return hits[0].slug if hits else None


def _names_theirs(core: str, context: _Context) -> bool:
    """Whether the clause names a system or person the customer just named ("With GP it's a file every night"
    after "GP. Old GP."): work for them as surely as "your"."""
    names = context.asked.names if context.asked is not None else frozenset()
    return bool(names) and not names.isdisjoint(_NAME_INSIDE.findall(core) + core.split(None, 1)[:1])


def _conditional(clause: str, span: Span, spans: list[Span]) -> bool:
    """Whether the date at ``span`` belongs to an "if we sign by ..." condition rather than the promise."""
    openers = list(_CONDITION_OPENER.finditer(clause, 0, span[0]))
    if not openers:
        return False
    opened = openers[-1].end()
    if any(opened <= other[0] and other[1] <= span[0] for other in spans):
        return False  # another date came first after the "if": this one is what follows it
    between = clause[opened : span[0]]
    return not _MAIN_CLAUSE.search(between) and words_at_most(between, _CONDITION_WORDS)
