"""Who speaks for the vendor: set every turn's side to seller, customer or unknown.

With ``--seller`` names the answer is given: those speakers are sellers and
everyone else is the customer. Without them the evidence is, strongest first:
what the file states (a Gong affiliation, an ``AE:`` / ``Prospect:`` label),
job titles from the header, shared company domains, and finally what people
say (sellers present "our platform" and prices; customers describe "our
current process" and ask "can you ...?"), who a speaker was introduced by
("I've got Wen with me"), and whose questions they answer (the buyers' go to
the vendor's experts). A speaker with too little evidence stays ``unknown``
rather than being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from analyzer.catalogue.triggers import (
    GatedPattern,
    compile_patterns,
    first_letters,
    led_by_its_first_letters,
    load_triggers,
    lower_same_length,
    reach_before_end,
    word_prefixes,
)
from analyzer.errors import ConfigError
from analyzer.models import Side, Transcript, Turn
from analyzer.sentences import is_question, sentence_spans

# "AE (Jordan)", "Rohit (juspay.in)", "Prospect (Priya – RevOps Director)".
_LABEL = re.compile(r"^\s*(?P<head>[^()]*?)\s*(?:\((?P<paren>[^)]*)\))?\s*$")
_PAREN_SPLIT = re.compile(r"\s*(?:–|—|-|,|\|)\s*")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
# Content evidence must clearly lean one way before it decides a side alone.
_CONTENT_DECIDES = 2.5
# Sellers talk about "you/your"; customers about "we/our" (their company).
# Both are counted on lower-cased turns, so they need no IGNORECASE (about twice as fast).
# (The leading look-aheads name the letters a match starts with: same matches, faster scans.)
_YOU = re.compile(r"(?=y)\byou(?:r|rs|'re|’re|'ll|’ll|'d|’d|'ve|’ve)?\b")
_WE = re.compile(r"(?=[wou])\b(?:we|our|ours|us|we're|we’re|we've|we’ve|we'll|we’ll|we'd|we’d)\b")
_ORIENTATION_WEIGHT = 3.0
# Once one seller is known, someone else this seller-like is a colleague.
_SECOND_SELLER = 1.5
# A first name right before an announcement cue: "Wen is ...", "Wen's ...".
_ANNOUNCED_NAME = r"\b([A-Z][\w-]+)(?:\s+|(?=['’]))"
# The name right after an introduction ("I've got Wen with me"): a capitalised word, after an optional "our".
_INTRODUCED_NAME = re.compile(r"\s+(?:(?:our|my) (?:\w+ )?)?([A-Z][\w'’-]+)\b")
# A user name as a label: lower-case words joined by dots, underscores or hyphens, perhaps an e-mail address.
_LOGIN = re.compile(r"(?P<login>[a-z]+(?:[._-][a-z]+)+)(?:@[\w.-]+)?")
_LOGIN_PARTS = re.compile(r"[._-]")
# Labels that are not names of people one introduces.
_NOT_NAMES = frozenset({"speaker", "unknown", "participant", "guest", "user", "caller", "host", "interviewer"})
# At most this many people pitch for the vendor on one call.
_MAX_PITCHERS = 3
# Words of a turn, to see whether it calls on someone by name.
_WORD = re.compile(r"\w+")
# Two people on a call, neither settled: this much more seller-like (and only they talk like one) is the seller.
_TWO_PEOPLE_GAP = 1.0
# Answers to this many buyer questions (and far fewer to the sellers') make an open speaker a seller.
_ANSWERS_TO_TELL = 3
# One turn below this much talk, with no cue at all, leaves a speaker unknown.
_MIN_WORDS_TO_DEFAULT = 12


@dataclass(slots=True)
class _Speaker:
    """What is known about one speaker label."""

    label: str
    head: str
    name: str | None
    company: str | None
    side: Side = "unknown"
    seller_talk: int = 0
    customer_talk: int = 0
    you: int = 0
    we: int = 0
    words: int = 0
    turns: int = 0


def assign_sides(transcript: Transcript, sellers: Sequence[str] = ()) -> Transcript:
    """A copy of ``transcript`` whose turns carry ``side`` (seller, customer or unknown).

    ``sellers`` are names given by the user (``--seller``), matched
    case-insensitively against the whole label or its name part. When none
    of them speaks in this transcript, sides are inferred as without them.
    """
    speakers = {label: _parse_label(label) for label in transcript.speakers()}
    devices = _devices_of(speakers)
    people = {label: sp for label, sp in speakers.items() if label not in devices}
    wanted = _wanted(sellers)
    # A --seller name may be the one a device shows ("Ben's iPhone"): its owner is the seller.
    named = {devices.get(label, label) for label, sp in speakers.items() if _matches(sp, wanted)}
    if named:
        for label, sp in people.items():
            sp.side = "seller" if label in named else "customer"
        _share_roles(people)
    else:  # no --seller, or none of its names speaks here (one flag for a folder of calls): infer
        _infer(_as_people(transcript, devices), people)
    for device, person in devices.items():
        speakers[device].side = people[person].side
    turns = [_with_side(t, speakers[t.speaker].side) for t in transcript.turns]
    return replace(transcript, turns=turns)


def _with_side(turn: Turn, side: Side) -> Turn:
    """``turn`` on ``side``: the same (frozen) turn when the file already put it there, as most headers do."""
    return turn if turn.side == side else replace(turn, side=side)


def names_a_speaker(labels: Sequence[str], sellers: Sequence[str]) -> bool:
    """Whether any ``--seller`` name matches one of the speaker ``labels`` (as :func:`assign_sides` matches)."""
    wanted = _wanted(sellers)
    return any(_matches(_parse_label(label), wanted) for label in labels)


def _devices_of(speakers: dict[str, _Speaker]) -> dict[str, str]:
    """Labels a meeting tool gave someone's device ("Ben's iPhone"), each to the label of that person.

    Someone whose laptop dies comes back from their phone under its name; what
    they say there is said by the same person, on the same side. Only a first
    name that exactly one other speaker has tells who it is.
    """
    cues = _side_cues().get("devices", ())
    owners = {label: m.group("name").casefold() for label in speakers for cue in cues if (m := cue.search(label))}
    # A device is owned by a person, never by another device ("Pixel de Ana" is no one called Pixel).
    by_first_name = _by_first_name({label: sp for label, sp in speakers.items() if label not in owners})
    devices = {label: by_first_name[owner] for label, owner in owners.items() if owner in by_first_name}
    return devices | _logins_of(speakers)


def _logins_of(speakers: dict[str, _Speaker]) -> dict[str, str]:
    """Labels that are someone's user name ("anders.holm"), each to the label of that person ("Anders Holm").

    A meeting tool shows the login of someone who rejoins from another device or
    link; only a login that spells out exactly one speaker's full name tells who it is.
    """
    full_names: dict[str, list[str]] = {}
    for label, sp in speakers.items():
        # "Ola Brandt (Acme)" and "AE (Ola Brandt)" both name Ola Brandt.
        for name in {" ".join(part.split()).casefold() for part in (sp.head, sp.name or "") if " " in part.strip()}:
            full_names.setdefault(name, []).append(label)
    logins = {label: " ".join(_LOGIN_PARTS.split(m.group("login")))
              for label in speakers if (m := _LOGIN.fullmatch(label))}
    return {label: full_names[name][0] for label, name in logins.items() if len(full_names.get(name, ())) == 1}


def _by_first_name(speakers: dict[str, _Speaker]) -> dict[str, str]:
    """Speaker labels by the first name people would call them, where only one speaker has it (two Sams: no telling)."""
    named: dict[str, list[str]] = {}
    for label, sp in speakers.items():
        if name := _first_name(sp):
            named.setdefault(name, []).append(label)
    return {name: labels[0] for name, labels in named.items() if len(labels) == 1}


def _as_people(transcript: Transcript, devices: dict[str, str]) -> Transcript:
    """``transcript`` with each device's turns under the label of the person holding it."""
    if not devices:
        return transcript
    return replace(transcript, turns=[
        replace(t, speaker=devices[t.speaker]) if t.speaker in devices else t for t in transcript.turns
    ])


def _wanted(sellers: Sequence[str]) -> set[str]:
    return {s.strip().lower() for s in sellers if s.strip()}


def _parse_label(label: str) -> _Speaker:
    match = _LABEL.match(label)
    head = (match.group("head") if match else label).strip()
    paren = (match.group("paren") or "") if match else ""
    parts = [p for p in _PAREN_SPLIT.split(paren) if p]
    company = next((p for p in parts if _DOMAIN.match(p)), None)
    name = next((p for p in parts if not _DOMAIN.match(p) and p[:1].isupper()), None)
    return _Speaker(label=label, head=head, name=name, company=company)


def _keys(sp: _Speaker) -> set[str]:
    keys = {sp.label.lower(), sp.head.lower()}
    if sp.name:
        keys.add(sp.name.lower())
    return {k for k in keys if k}


def _matches(sp: _Speaker, wanted: set[str]) -> bool:
    if not wanted:
        return False
    keys = _keys(sp)
    if keys & wanted:
        return True
    # "--seller 'Alex Thompson'" names the speaker labelled "Alex".
    first_names = {w.split()[0] for w in wanted if " " in w}
    return bool(keys & first_names)


def _share_roles(speakers: dict[str, _Speaker]) -> None:
    """A bare role label ("AE") takes the side of the named one ("AE (Jordan)")."""
    by_head: dict[str, set[Side]] = {}
    for sp in speakers.values():
        if sp.name or sp.company:
            by_head.setdefault(sp.head.lower(), set()).add(sp.side)
    for sp in speakers.values():
        sides = by_head.get(sp.head.lower(), set()) - {"unknown"}
        if not sp.name and len(sides) == 1:
            sp.side = next(iter(sides))


@cache
def _side_cues() -> dict[str, tuple[re.Pattern[str], ...]]:
    """The side cue lists, compiled once per process (not once per call)."""
    return {name: compile_patterns(p, where=f"sides.{name}") for name, p in load_triggers().sides.items()}


@cache
def _talk_cues() -> dict[str, tuple[GatedPattern, ...]]:
    """The seller and customer talk cues, compiled once per process for lower-cased text.

    Counting runs every cue over every turn of an hour-long call, so each is
    gated on the words it needs. The patterns are all lower case, so they match
    the lower-cased turn without IGNORECASE exactly as they match the turn with it.
    Counting asks only whether a cue occurs, never where, so each is searched
    in the form :func:`_found_from_first_letter` gives it.
    """
    out = {}
    for name in ("seller_talk", "customer_talk"):
        patterns = load_triggers().sides[name]
        compile_patterns(patterns, where=f"sides.{name}")  # a bad pattern is a ConfigError naming the list
        cased = [p for p in patterns if p != p.lower()]
        if cased:  # an upper-case letter would never match lower-cased text
            raise ConfigError(f"triggers.toml: sides.{name}: write patterns in lower case: {cased[0]!r}")
        out[name] = tuple(_found_from_first_letter(GatedPattern.of(p)) for p in patterns)
    return out


def _found_from_first_letter(cue: GatedPattern) -> GatedPattern:
    """``cue`` searched as "one of its first letters, where the whole cue matches from that letter".

    ``[bio](?<=(?=CUE)[bio])`` matches somewhere exactly when CUE does, since CUE's
    matches start with one of those letters; but starting with a character set
    lets the engine skip in one tight loop every position holding another letter,
    instead of entering the pattern there (searches take half the time). Its
    match is that one letter, so the result is for ``found_in`` only, not for spans.
    """
    if cue.keys is None or cue.cased:
        return cue
    letters = first_letters(cue.keys)
    return replace(cue, pattern=re.compile(f"[{letters}](?<=(?={cue.pattern.pattern})[{letters}])"))


def _infer(transcript: Transcript, speakers: dict[str, _Speaker]) -> None:
    """Sides from hints, role labels, titles, companies and then content."""
    cues = _side_cues()
    for sp in speakers.values():
        sp.side = _stated_side(transcript, sp, cues)
    _share_roles(speakers)
    _share_companies(transcript, speakers)
    if all(sp.side != "unknown" for sp in speakers.values()):
        return  # the file settled every side; what people say cannot overrule it
    settled = {label for label, sp in speakers.items() if sp.side != "unknown"}
    _count_talk(transcript, speakers)
    for sp in speakers.values():
        if sp.side == "unknown":
            sp.side = _content_side(sp)
    _share_companies(transcript, speakers)  # again: content may have found the first seller
    links = _links(transcript, speakers)
    _follow_links(speakers, links, settled)
    _fill_the_rest(transcript, speakers, links, settled)
    _follow_links(speakers, links, settled)  # the filling may have found who did the introducing


def _links(transcript: Transcript, speakers: dict[str, _Speaker]) -> list[tuple[str, str]]:
    """Who brought whom into the call: (introducer, introduced) speaker labels.

    "I've got Wen with me" names a colleague by first name; "Raj, you want to
    take it?" hands the floor to whoever speaks next. Either way the two are on
    the same side.
    """
    by_first_name = _by_first_name(speakers)
    introductions = _introduction_cues() if by_first_name else ()
    announcements = _announcement_cues() if by_first_name else ()
    handoffs = _handoff_cues()
    links: list[tuple[str, str]] = []
    for turn, following in zip(transcript.turns, [*transcript.turns[1:], None], strict=True):
        for cue in introductions:
            for match in cue.finditer(turn.text):
                after = _INTRODUCED_NAME.match(turn.text, match.end())
                person = by_first_name.get(after.group(1).casefold()) if after else None
                if person is not None and person != turn.speaker:
                    links.append((turn.speaker, person))
        for cue in announcements:
            for match in cue.finditer(turn.text):
                person = by_first_name.get(match.group(1).casefold())
                if person is not None and person != turn.speaker:
                    links.append((turn.speaker, person))
        if following is not None and following.speaker != turn.speaker and _hands_off(turn.text, handoffs):
            links.append((turn.speaker, following.speaker))
    return links


@cache
def _announcement_cues() -> tuple[re.Pattern[str], ...]:
    """The announcement cues, each after a capitalised first name it captures ("Wen is joining too")."""
    return tuple(re.compile(_ANNOUNCED_NAME + f"(?i:{pattern})") for pattern in load_triggers().sides["announcements"])


@cache
def _introduction_cues() -> tuple[re.Pattern[str], ...]:
    """The introduction cues, each led by a look-ahead for the letters its first words start with.

    The look-ahead changes no match (case-insensitively, as the cue matches), and
    the engine gives up at once on the many positions where no such word starts.
    """
    return tuple(re.compile(led_by_its_first_letters(p), re.IGNORECASE) for p in load_triggers().sides["introductions"])


@dataclass(frozen=True, slots=True)
class _EndCue:
    """A cue that ends with ``\\W*$``: it must close the turn ("... take it away.").

    ``reach`` is the most characters its match holds before the closing
    punctuation, so only the turn's last ``reach`` characters need searching.
    """

    pattern: re.Pattern[str]
    reach: int | None  # None: not anchored that way (or no bound), search the whole turn

    @classmethod
    def of(cls, pattern: str) -> _EndCue:
        return cls(re.compile(pattern, re.IGNORECASE), reach_before_end(pattern))

    def search_from(self, text: str, talk_end: int) -> bool:
        """Whether the cue matches ``text``, whose last word character ends at ``talk_end``."""
        if self.reach is None:
            return self.pattern.search(text) is not None
        # The part before "\W*$" ends at or after talk_end (only non-word characters may follow it),
        # so it starts at most ``reach`` before. The search still sees the text before where it starts.
        return self.pattern.search(text, max(0, talk_end - self.reach)) is not None


@cache
def _handoff_cues() -> tuple[_EndCue, ...]:
    """The hand-off cues ("..., you want to take it?"), searched only where they can end a turn."""
    return tuple(_EndCue.of(pattern) for pattern in load_triggers().sides["handoffs"])


def _hands_off(text: str, handoffs: tuple[_EndCue, ...]) -> bool:
    """Whether the turn ends by handing the floor on."""
    talk_end = len(text)
    while talk_end and not _is_word_char(text[talk_end - 1]):
        talk_end -= 1
    return any(cue.search_from(text, talk_end) for cue in handoffs)


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter or digit as str.isalnum() says, or "_"."""
    return char.isalnum() or char == "_"


def _follow_links(speakers: dict[str, _Speaker], links: list[tuple[str, str]], settled: set[str]) -> None:
    """The one brought in takes the introducer's side, over what their talk suggested.

    The engineer a seller brings may ask questions and say "our" like a buyer,
    but works for the vendor. What the file, labels or companies (``settled``)
    say is not overruled. An introducer still open takes the side of the one
    they introduced.
    """
    for introducer, introduced in links:
        side = speakers[introducer].side
        if side != "unknown" and introduced not in settled:
            speakers[introduced].side = side
        elif side == "unknown" and speakers[introduced].side != "unknown":
            speakers[introducer].side = speakers[introduced].side


def _first_name(sp: _Speaker) -> str | None:
    """The first name people would use for a speaker labelled with a name ("Patricia Wen" -> "patricia")."""
    words = (sp.name or sp.head).split()
    first = words[0] if words else ""
    # A hyphen joins the parts of one first name ("Mei-Lin", "Jean-Luc").
    if (len(first) < 2 or not first[:1].isupper() or not first.replace("-", "").isalpha()
            or first.casefold() in _NOT_NAMES):
        return None
    return first.casefold()


def _stated_side(transcript: Transcript, sp: _Speaker, cues: dict[str, tuple[re.Pattern[str], ...]]) -> Side:
    hint = transcript.hints.get(sp.label)
    if hint and hint.side != "unknown":
        return hint.side
    head = sp.head.lower()
    if any(p.search(head) for p in cues["seller_roles"]):
        return "seller"
    if any(p.search(head) for p in cues["customer_roles"]):
        return "customer"
    # Headers write "(Title, Company)" and "(Company, Title)" alike, so both parts are read.
    titles = [t for t in ((hint.title, hint.company) if hint else ()) if t]
    if any(p.search(t) for t in titles for p in cues["seller_titles"]):
        return "seller"
    if any(p.search(t) for t in titles for p in cues["customer_titles"]):
        return "customer"
    return "unknown"


def _company(transcript: Transcript, sp: _Speaker) -> str | None:
    hint = transcript.hints.get(sp.label)
    company = sp.company or (hint.company if hint else None)
    return company.lower() if company else None


def _share_companies(transcript: Transcript, speakers: dict[str, _Speaker]) -> None:
    """Colleagues of a known seller are sellers; people from other companies are the customer."""
    seller_companies = {_company(transcript, sp) for sp in speakers.values() if sp.side == "seller"}
    seller_companies.discard(None)
    if not seller_companies:
        return
    for sp in speakers.values():
        company = _company(transcript, sp)
        if sp.side == "unknown" and company:
            sp.side = "seller" if company in seller_companies else "customer"
        elif sp.side == "customer" and company in seller_companies and not _stated(transcript, sp):
            sp.side = "seller"  # talk made them sound like a buyer, but they work for the vendor


def _stated(transcript: Transcript, sp: _Speaker) -> bool:
    hint = transcript.hints.get(sp.label)
    return bool(hint and hint.side != "unknown")


@cache
def _talk_keys() -> frozenset[str]:
    """Every word prefix some talk cue looks for: the only prefixes worth collecting from a turn."""
    return frozenset().union(*(cue.words for cues in _talk_cues().values() for cue in cues))


def _count_talk(transcript: Transcript, speakers: dict[str, _Speaker]) -> None:
    talk = _talk_cues()
    keys = _talk_keys()
    seen: dict[str, tuple[str, ...]] = {}  # word -> its prefixes that are keys, words recur across turns
    for turn in transcript.turns:
        sp = speakers[turn.speaker]
        low = lower_same_length(turn.text)  # once per turn; every count below reads it
        prefixes = word_prefixes(low, seen, keys)
        sp.words += len(turn.text.split())
        sp.turns += 1
        sp.you += len(_YOU.findall(low))
        sp.we += len(_WE.findall(low))
        sp.seller_talk += sum(1 for cue in talk["seller_talk"] if cue.found_in(low, prefixes))
        sp.customer_talk += sum(1 for cue in talk["customer_talk"] if cue.found_in(low, prefixes))


def _score(sp: _Speaker) -> float:
    """How much a speaker sounds like the seller (positive) or the customer (negative)."""
    orientation = (sp.you - sp.we) / max(5, sp.you + sp.we)
    return sp.seller_talk - sp.customer_talk + _ORIENTATION_WEIGHT * orientation


def _content_side(sp: _Speaker) -> Side:
    score = _score(sp)
    if score >= _CONTENT_DECIDES:
        return "seller"
    if score <= -_CONTENT_DECIDES:
        return "customer"
    return "unknown"


def _the_other_side(rest: list[_Speaker], customers: list[_Speaker]) -> bool:
    """Whether the speakers left, in a call whose buyers are known, are plainly the sellers.

    Each must have talked enough to judge and sound more like a seller than
    every buyer; two or more (an account executive and an engineer, who share
    the seller's cues between them) must each lean to the seller's side too.
    """
    if not customers or not rest:
        return False
    bar = max(_score(c) for c in customers)
    return all((sp.turns > 1 or sp.words >= _MIN_WORDS_TO_DEFAULT) and _score(sp) > bar
               and (len(rest) == 1 or _score(sp) >= 1) for sp in rest)


def _one_of_two_stands_out(people: list[_Speaker]) -> bool:
    """Whether, of exactly two speakers, both still open and both heard, one sounds clearly more like the seller."""
    if len(people) != 2 or any(sp.side != "unknown" for sp in people):
        return False
    if any(sp.turns < 2 and sp.words < _MIN_WORDS_TO_DEFAULT for sp in people):
        return False
    high, low = sorted(people, key=_score, reverse=True)
    return (_score(high) - _score(low) >= _TWO_PEOPLE_GAP and high.seller_talk > high.customer_talk
            and low.seller_talk <= low.customer_talk)


def _answers(transcript: Transcript, speakers: dict[str, _Speaker]) -> dict[str, tuple[int, int]]:
    """Per speaker: how many of their turns answer a buyer's question, and how many a seller's.

    A turn answers when it comes straight after someone else's turn that asks
    the other side something, and not one that calls on the answerer by name
    ("Is that right, Irene?" goes to a colleague).
    """
    names = {label: _first_name(sp) for label, sp in speakers.items()}
    counts: dict[str, list[int]] = {}
    for before, turn in zip(transcript.turns, transcript.turns[1:], strict=False):
        asker = speakers[before.speaker]
        if before.speaker == turn.speaker or asker.side == "unknown" or not _asks_across(before.text):
            continue
        name = names[turn.speaker]
        if name and name in _WORD.findall(before.text.casefold()):
            continue
        counts.setdefault(turn.speaker, [0, 0])[0 if asker.side == "customer" else 1] += 1
    return {label: (c[0], c[1]) for label, c in counts.items()}


def _asks_across(text: str) -> bool:
    """Whether some sentence of ``text`` is a question for the other side.

    "Does it sync?", "can you ...?" and "do we have to open a port?" are; a
    statement about us with a question tacked on ("we've been on it since,
    what, 2004?") checks with a colleague.
    """
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not is_question(sentence):
            continue
        low = sentence.lower()
        if _YOU.search(low) or not _WE.search(low) or is_question(sentence.rstrip(" ?")):
            return True
    return False


def _a_team_stands_out(speakers: dict[str, _Speaker], links: list[tuple[str, str]]) -> list[_Speaker]:
    """Two open speakers, one brought in by the other, who both lean to the pitch and clearly more than the rest.

    An account executive and their engineer share the pitch, so neither stands
    out from the other; together they stand out from the buyers. One of them
    must sound like a seller; the other need only lean that way (an account
    executive who speaks of "we" more than "you").
    """
    open_people = [sp for sp in speakers.values() if sp.side == "unknown"]
    for introducer, introduced in links:
        team = [speakers[introducer], speakers[introduced]]
        leaning = all(sp.side == "unknown" and _score(sp) > 0 for sp in team) and max(map(_score, team)) >= 1
        if leaning and _stands_apart(team, open_people):
            return team
    return []


def _stands_apart(group: list[_Speaker], open_people: list[_Speaker]) -> bool:
    """Whether every other open speaker sounds at least 1 less like a seller than anyone in ``group``."""
    bar = min(map(_score, group)) - 1
    return all(_score(sp) <= bar for sp in open_people if sp not in group)


def _answering_the_buyers(transcript: Transcript, speakers: dict[str, _Speaker],
                          candidates: list[_Speaker]) -> list[_Speaker]:
    """Those of ``candidates`` who answer the buyers' questions (three or more, twice as many as the sellers')."""
    if not candidates:
        return []  # most calls: reading every question of the call would tell nobody anything
    answers = _answers(transcript, speakers)
    found = []
    for sp in candidates:
        to_buyers, to_sellers = answers.get(sp.label, (0, 0))
        if to_buyers >= _ANSWERS_TO_TELL and to_buyers >= 2 * to_sellers + 1:
            found.append(sp)
    return found


def _pitchers_stand_out(people: list[_Speaker]) -> list[_Speaker]:
    """The few open speakers who talk like sellers, together clearly apart from everyone else.

    Two vendor people who share the pitch stand out from the buyers together
    even when neither stands out from the other.
    """
    open_people = [sp for sp in people if sp.side == "unknown"]
    pitchers = [sp for sp in open_people if _score(sp) >= 1 and sp.seller_talk > sp.customer_talk]
    if not pitchers or len(pitchers) > _MAX_PITCHERS or len(pitchers) == len(people):
        return []
    return pitchers if _stands_apart(pitchers, open_people) else []


def _fill_the_rest(transcript: Transcript, speakers: dict[str, _Speaker], links: list[tuple[str, str]],
                   settled: set[str]) -> None:
    """Resolve speakers the evidence left open, relative to the others.

    With no seller found at all, the speaker who sounds most like one is the
    seller if they clearly stand out; else everyone left once the buyers are
    known, if they all sound more like sellers than any buyer; else the few who
    pitch together, apart from the rest; else whoever answers the buyers'
    questions. Once the seller side is known, their colleagues (introduced or
    introducing) join it; then a speaker who leans clearly to
    the pitch is a seller too, anyone else who talked enough is the customer,
    unless the buyers' questions went to them.
    """
    people = list(speakers.values())
    if not any(sp.side == "seller" for sp in people):
        ranked = sorted((sp for sp in people if sp.side != "customer"), key=_score, reverse=True)
        if ranked and _score(ranked[0]) >= 1 and (len(ranked) == 1 or _score(ranked[0]) - _score(ranked[1]) >= 1):
            ranked[0].side = "seller"
        elif _one_of_two_stands_out(people):
            ranked[0].side = "seller"  # a sales call of two people has one seller: the one who sounds like it
        elif _the_other_side(ranked, [sp for sp in people if sp.side == "customer"]):
            for sp in ranked:
                sp.side = "seller"  # a sales call has someone selling: those who are not the buyers
        elif team := _a_team_stands_out(speakers, links) or _pitchers_stand_out(people):
            for sp in team:
                sp.side = "seller"  # the seller and a colleague, both pitching, neither more than the other
        elif experts := _answering_the_buyers(transcript, speakers, [sp for sp in people if sp.side == "unknown"]):
            for sp in experts:
                sp.side = "seller"  # nobody pitched, but the buyers' questions went to them
    if not any(sp.side == "seller" for sp in people):
        return
    _follow_links(speakers, links, settled)  # whom a seller brought in, or who brought the seller, before any default
    defaulted = []
    for sp in people:
        if sp.side != "unknown":
            continue
        score = _score(sp)
        if score >= _SECOND_SELLER or (score >= 1 and sp.seller_talk > sp.customer_talk):
            sp.side = "seller"  # a colleague who hosts or presents alongside the seller
        elif score <= -1:
            sp.side = "customer"
            defaulted.append(sp)  # the talk leaned that way without deciding: answers may still tell
        elif score < 1 and (sp.turns > 1 or sp.words >= _MIN_WORDS_TO_DEFAULT):
            sp.side = "customer"  # on the call, not the vendor: the buying side
            defaulted.append(sp)
    for sp in _answering_the_buyers(transcript, speakers, defaulted):
        sp.side = "seller"  # the one the buyers' questions go to: the vendor's expert
