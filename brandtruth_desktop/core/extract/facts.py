"""Mine the facts a careful analyst would note for ad copy or compliance from a page's text.

A passage (sentence, or fragments kept together) becomes a fact when it says something an ad
could use or a reviewer must check: a statistic, an offer, a guarantee, an award or
certification, named customers, or a claim (the brand or "we" saying what it is or does, a
superlative, a promise of benefit). Navigation, cookie banners, legal lines, form labels,
product listings and customers' reviews are not the brand's facts and are skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brandtruth_desktop.core.extract.brand import compact
from brandtruth_desktop.core.extract.document import Document, Region, Role, TextBlock
from brandtruth_desktop.core.extract.risk import MOST_ADJECTIVE, assess
from brandtruth_desktop.core.extract.sentences import Passage, passages
from brandtruth_desktop.core.models import Fact, FactKind


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


# What makes a passage a fact of each kind, strongest kind first.
KIND_PATTERNS: tuple[tuple[FactKind, re.Pattern[str]], ...] = (
    (FactKind.GUARANTEE, _any(
        r"\bmoney[- ]back\b", r"\bsatisfaction guarantee", r"\bguarantee[ds]?\b",
        r"\bwarrant(?:y|ies)\b", r"\brisk[- ]free\b", r"\bno questions asked\b",
        r"\bgarant[ií]a\b", r"\bgarantizad[oa]s?\b", r"\bgarantie\b", r"\bgarantiert\b",
        r"\breembolso\b",
    )),
    (FactKind.OFFER, _any(
        r"\bfree (?:\w+ ){0,2}(?:trial|shipping|delivery|returns?|consultation|quote|demo|plan|"
        r"account|version|estimate|month|gift|samples?|course|e-?book|guide|setup|installation|"
        r"upgrade|membership|lessons?|class(?:es)?|tier)\b",
        r"\bfree for (?:a|one|\d+) \w+", r"\b(?:first|1st) (?:\w+ )?(?:month|week|year|order|"
        r"lesson|class) (?:is )?free\b", r"\b(?:join|try|start) (?:\w+ )?(?:for )?free\b",
        r"\bfor free\b", r"\b\d+ ?% off\b", r"\b(?:save|ahorra|économisez|sparen)\s+(?:up to\s+)?"
        r"(?:\d|[$€£])", r"\bdiscounts?\b", r"\bcoupons?\b", r"\bpromo(?:tional)? code\b",
        r"\bon sale\b", r"\bbuy one,? get one\b", r"\bno credit card\b",
        r"\bcancel (?:\w+ ){0,2}any ?time\b", r"\bno (?:commitments?|contracts?|obligations?|"
        r"setup fees?|hidden fees)\b", r"\bpay as you go\b", r"\bpay only (?:for|when)\b",
        r"\b(?:start|starts|starting|plans start) (?:at|from)\s+(?:just |only )?[$€£]\s?\d",
        r"\bfrom (?:just |only )?[$€£]\s?\d", r"\bunlimited\b", r"\bgratis\b",
        r"\bgratuit[oa]s?\b", r"\benv[ií]os? gratis\b", r"\bdescuentos?\b",
        r"\bsin (?:compromiso|permanencia)\b", r"\bprueba gratuita\b", r"\bkostenlos\b",
        r"\bgratuite?s?\b", r"\blivraison gratuite\b", r"\bfrete gr[aá]tis\b",
    )),
    (FactKind.AWARD, _any(
        r"\baward(?:s|ed)?\b", r"\baward[- ]winning\b", r"\bwinner of\b", r"\bvoted\b",
        r"\beditor'?s'? choice\b", r"\bnamed (?:a|the) (?:leader|best)\b", r"\bpremios?\b",
        # Press mentions name the press: "Featured in Vogue", not a bare "As seen in".
        r"\b(?:featured (?:in|on|by)|as seen (?:in|on))\s+(?:the\s+)?(?-i:[A-Z0-9])",
        r"\bgalardonad[oa]\b", r"\bganador(?:a|es)?\b", r"\bprix\b", r"\bauszeichnung",
    )),
    (FactKind.CERTIFICATION, _any(
        r"\bcertified\b", r"\bcertification\b", r"\bISO[- ]?\d{4,5}\b", r"\bSOC ?[12]\b",
        r"\bHIPAA\b", r"\bGDPR[- ]compliant\b", r"\bPCI(?:[- ]DSS)?\b",
        r"\bFDA[- ](?:approved|registered|cleared)\b", r"\bUSDA\b", r"\bB ?Corp\b",
        r"\baccredited\b", r"\bcertificad[oa]s?\b", r"\bhomologad[oa]s?\b", r"\bzertifiziert\b",
        r"\bcertifi[ée]e?s?\b",
    )),
    (FactKind.CUSTOMER, _any(
        r"\btrusted by\b", r"\bused by\b", r"\bloved by\b", r"\bchosen by\b",
        r"\brelied (?:on|upon) by\b", r"\b(?:customers|clients|partners) (?:include|like|"
        r"such as)\b", r"\bserv(?:es|ing|ed) (?:\w+ ){0,5}(?:clients|customers|companies|"
        r"businesses|organi[sz]ations|brands|members|users|teams|families|agencies)\b",
        r"\bfortune \d{2,3}\b", r"\bconf[ií]an en\b", r"\butilizad[oa] por\b",
    )),
    (FactKind.STATISTIC, _any(
        r"\d(?:[\d.,]*\d)?\s?%(?! ?dv\b)", r"\b\d{1,3}(?:[,.\s]\d{3})+\+?(?=\s|$)",
        r"\b\d+(?:[.,]\d+)?\s?(?:k|m|mil|million|millones|billion|thousand)\+?\s",
        r"\b\d+\+\s+\w+", r"\b(?:millions|thousands|hundreds|billions|dozens) of\b",
        r"\b(?:miles|millones|cientos|decenas) de\b",
        r"\b(?:since|desde|seit|depuis|founded in|established in|est\.|fundad[oa] en)\s+"
        r"(?:19|20)\d{2}\b",
        r"\b(?:over|more than|m[aá]s de|plus de|mehr als)\s+\d[\d,.]*\+?\s+\w+",
        r"\b24/7(?:/365)?\b", r"\b24x7\b",
        r"\b(?:all|in|across|to)\s+\d+\s+(?:states|countries|cities|languages|markets|"
        r"locations|continents|estados|pa[ií]ses|ciudades)\b",
        r"\b\d+(?:[.,]\d)?\s*(?:out of|de)\s*(?:5|10)\b", r"\b\d+(?:[.,]\d+)?\s?x\s(?:faster|"
        r"more|better|cheaper)\b",
        r"\b\d+[-‑](?:theme|plugin|day|year|month|step|point|piece|hour|minute)\b",
        r"\b\d[\d,.]*\+?\s+(?:\w+\s+)?(?:customers|clients|users|members|teams|companies|"
        r"businesses|brands|people|subscribers|downloads|installs|reviews|reviewers|ratings|"
        r"countries|states|cities|locations|stores|shops|languages|integrations|plugins|themes|"
        r"templates|products|years|orders|projects|repositories|developers|partners|employees|"
        r"experts|recipes|students|patients|families|clientes|usuarios|miembros|empresas|"
        r"pa[ií]ses|a[nñ]os|tiendas|estrategias|alumnos|estudiantes|proyectos)\b",
    )),
)
SUPERLATIVE = _any(
    r"(?:#|no\.\s?|nº\s?)1\b", r"\bnumber one\b", r"\b(?:best|greatest|largest|biggest|fastest|"
    r"easiest|cheapest|lowest|highest|safest|smartest|strongest|leading|world['’]s|"
    r"industry[- ]leading|best[- ]selling|top[- ]rated)\b",
    MOST_ADJECTIVE,
    r"\b(?:the only|our only|no other|only one|first and only)\b",
    r"\b(?:el|la) (?:mejor|[uú]nic[oa]|l[ií]der)\b", r"\bmejor(?:es)?\b", r"\bl[ií]der(?:es)?\b",
    r"\b(?:unlike|better than|more than any|compared to)\b",
)
# What a product is or is free from: claims a compliance reviewer checks.
PRODUCT_ATTRIBUTE = _any(
    r"\b(?:gluten|dairy|soy|nut|sugar|fat|lactose|cruelty|plastic|carbon|bpa|paraben)[- ]free\b",
    r"\b(?:organic|vegan|vegetarian|non-gmo|keto|paleo|halal|fair ?trade|sustainabl[ey]|"
    r"eco-friendly|biodegradable|compostable|recyclable|handmade|small[- ]batch(?:es)?|"
    r"hand[- ]?(?:made|crafted|poured|picked|sewn|built|painted|roasted))\b",
    r"\bmade in (?:the )?[A-Z][a-z]+", r"\b(?:sin gluten|ecol[oó]gic[oa]|org[aá]nic[oa]|"
    r"hecho a mano|vegan[oa])\b",
)
# "10 ounces ground turkey", "3 or 4 organic radishes": quantities in a recipe or spec list.
QUANTITY_LINE = re.compile(r"^[\d½¼¾⅓⅔⅛]")
BENEFIT = _any(
    r"\bany ?time,? any ?where\b", r"\banywhere\b", r"\bon any device\b",
    r"\bin (?:minutes|seconds)\b", r"\bno \w+ (?:required|needed)\b", r"\bmade (?:from|with)\b",
    r"\beasy to\b", r"\bsave (?:time|money)\b", r"\bpersonali[sz]ed for you\b",
    r"\bworks with\b", r"\bintegrates? with\b", r"\bcompatib(?:le|ility)\b",
)
INTRO = r"^(?:(?:at|with|since|desde|en|today|now|hoy)\b[^,]{0,40},?\s*)?"
# "We offer …", "We ship …": the brand speaking about what it does.
WE_SUBJECT = re.compile(
    INTRO + r"(?:we|we['’]re|we['’]ve|we['’]ll)\s+(?:also\s+|now\s+|proudly\s+|even\s+)?"
    r"(?:offer|provide|ship|deliver|make|help|serve|build|create|give|guarantee|host|support|"
    r"sell|design|specialize|specialise|are|have|work|partner|bring|protect|ensure|include|let|"
    r"source|use|craft|donate|plant|fulfill|fulfil|accept|carry|stock|manufacture|develop|"
    r"believe|care|love|pride)\w*\b"
    r"|" + INTRO + r"(?:ofrecemos|ayudamos|somos|trabajamos|enviamos|creamos|nous|wir)\b",
    re.I,
)
OUR_SUBJECT = re.compile(INTRO + r"(?:our|nuestr[oa]s?|notre|nos|unser\w*)\b", re.I)
# "Works with any website.": a product claim whose subject is the product, left unsaid.
IMPLIED_SUBJECT = re.compile(
    r"^[A-Z][a-z]{2,}s\s(?:with|any|every|all|the|a|an|in|into|on|across|from|to|up|more|less|"
    r"over|seamlessly|instantly|automatically|directly|easily|right|anywhere)\b"
    r"|^(?:Helps|Lets|Gives|Makes|Keeps|Saves|Shows|Brings|Takes|Gets)\s(?:you|your)\b"
)
VERB_STEMS = (
    "help|offer|provide|serve|make|turn|give|get|let|deliver|bring|use|work|support|come|build|"
    "create|include|keep|save|power|connect|combine|transform|sell|ship|design|develop|reach|"
    "fly|run|launch|protect|cover|lead|grow|cut|reduce|increase|improve|boost|simplify|"
    "automate|handle|manage|track|measure|integrate|sync|scale|fit|feature|hold|last|take|cost|"
    "start|source|craft|partner|specialize|specialise|hand|pack|roast|bake|brew|grow|test"
)
VERB_AFTER_NAME = re.compile(
    rf"^[®™]?\s*(?:[\w.'’-]+\s+){{0,2}}?(?:is|are|was|were|has|have|had|will|can|"
    rf"(?:{VERB_STEMS})(?:s|es|ed|d|ing)?|\w+ed|es|son|ofrece|ayuda|tiene|trabaja|est|ist|hat)\b"
    rf"|^[®™]?\s*,",
    re.I,
)
CONTACT = re.compile(
    r"\b(?:call|phone|tel|fax|e-?mail|contact|llama|llámanos)\b[^.]{0,40}"
    r"(?:\d[\d\s().-]{6,}|@)", re.I,
)
BOILERPLATE = _any(
    r"©", r"\ball rights reserved\b", r"\bcopyright\b", r"\bterms (?:of|and) (?:service|use)\b",
    r"\bprivacy (?:policy|notice|statement)\b", r"\bcookies?\b", r"\bby clicking\b",
    r"\byou agree\b", r"\bjavascript\b", r"\bno longer supports\b", r"\bsomething went wrong\b",
    r"\btry again\b", r"\brequired fields?\b", r"\bfields? marked\b", r"\(required\)",
    r"\* ?required\b", r"\bpassword\b", r"\bapplicable tax", r"\bpol[ií]tica de\b",
    r"\baviso legal\b", r"\bderechos reservados\b", r"\bley \d", r"\badd (?:both )?to (?:cart|bag|"
    r"basket)\b", r"\byou may also like\b", r"\bfound this helpful\b", r"\bunsubscribe\b",
    r"\btrademarks?\b", r"\b(?:upgrad\w+|update|switch)\b[^.]{0,40}\b(?:browser|safari|"
    r"internet explorer|chrome)\b",
)
NUMBER_TOKEN = re.compile(r"\d")
FURNITURE = frozenset({Region.NAV, Region.COOKIE, Region.QUOTE})
MAX_FACTS_PER_PAGE = 40


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage that says something worth a fact, before ranking and de-duplication."""

    passage: Passage
    kind: FactKind
    score: float


LEGAL_PAGE = re.compile(
    r"\b(?:privacy (?:policy|notice|statement)|terms (?:of (?:service|use)|and conditions)|"
    r"cookie (?:policy|notice)|legal notice|imprint|impressum|aviso legal|"
    r"pol[ií]tica de (?:privacidad|cookies)|datenschutz\w*|mentions l[ée]gales|"
    r"condiciones (?:de uso|generales)|disclaimer)\b",
    re.I,
)


def is_legal_page(doc: Document) -> bool:
    """A privacy policy, terms or imprint page: its sentences are not marketing facts."""
    heading = next((b.text for b in doc.blocks if b.heading_level == 1), "")
    first_title_part = re.split(r"\s[|·•–—-]\s", doc.title)[0]
    return bool(LEGAL_PAGE.search(first_title_part) or LEGAL_PAGE.search(heading))


def fact_id(kind: FactKind, quote: str, url: str) -> str:
    """A stable id: the same fact on the same page always gets the same id."""
    digest = hashlib.sha256(f"{kind}\x1f{quote}\x1f{url}".encode()).hexdigest()
    return "f-" + digest[:12]


def clean_fact_text(quote: str) -> str:
    """The quote tidied for reading: bullets, wrapping quotes and trailing dots removed."""
    text = quote.strip().lstrip("•·-–—*✓✔►▸→ ").strip()
    if text[:1] in "\"“" and text[-1:] in "\"”":
        text = text[1:-1].strip()
    text = re.sub(r"\s+([,;:!?])", r"\1", text)
    text = re.sub(r"(?:\.{3}|…)$", "", text).strip()
    return text[:1].upper() + text[1:] if text else text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def classify(text: str, brand_key: str) -> tuple[FactKind | None, float]:
    """The kind of fact a passage states, and how much an analyst would care, or (None, 0)."""
    words = _words(text)
    if len(words) < 2 or len(words) > 60 or BOILERPLATE.search(text):
        return None, 0.0
    if text.rstrip().endswith("?"):
        return None, 0.0  # a question ("Is there a free trial?") states nothing
    numbers = sum(1 for w in words if NUMBER_TOKEN.search(w))
    if numbers > 4 and numbers > 0.25 * len(words):
        return None, 0.0  # a table of figures (nutrition, specs), not a claim
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(text):
            return kind, 3.0
    if len(words) < 3 or CONTACT.search(text):
        return None, 0.0
    if _is_label(text, brand_key) and not PRODUCT_ATTRIBUTE.search(text):
        return None, 0.0  # "Best Selling Party Supplies": a section label, not a claim
    if SUPERLATIVE.search(text):
        return FactKind.CLAIM, 2.5
    if PRODUCT_ATTRIBUTE.search(text) and not QUANTITY_LINE.match(text.strip()):
        return FactKind.CLAIM, 2.0
    if len(words) >= 5 and _brand_speaks(text, brand_key):
        return FactKind.CLAIM, 2.0
    if (len(words) >= 5 and WE_SUBJECT.search(text)) or (
            len(words) >= 6 and OUR_SUBJECT.search(text)):
        return FactKind.CLAIM, 1.5
    if IMPLIED_SUBJECT.search(text.strip()) or BENEFIT.search(text):
        return FactKind.CLAIM, 1.0
    return None, 0.0


def _is_label(text: str, brand_key: str) -> bool:
    """A heading or menu label rather than a sentence: "Best Selling Party Supplies",
    "Team Most popular" (a plan card's name and badge)."""
    stripped = text.strip()
    if stripped.endswith((".", "!", "…")):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", stripped)
    if len(words) <= 4:
        return True
    long_words = [w for w in words if len(w) > 3 and compact(w) not in brand_key]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= 0.7 * len(
        long_words)


def _brand_speaks(text: str, brand_key: str) -> bool:
    """The passage opens with the brand as its subject: "ClientTrack serves …"."""
    if not brand_key:
        return False
    tokens = text.split()
    for start in range(min(4, len(tokens))):
        joined = ""
        for end in range(start, min(start + 6, len(tokens))):
            joined += compact(tokens[end])
            if joined == brand_key or (joined.startswith(brand_key) and end == start):
                rest = " ".join(tokens[end + 1:])
                if tokens[end].endswith(","):
                    rest = ", " + rest
                return bool(VERB_AFTER_NAME.search(rest))
            if not brand_key.startswith(joined):
                break
    return False


def _allowed(block: TextBlock, kind: FactKind) -> bool:
    """Whether a fact of this kind may come from this part of the page."""
    regions = block.regions
    if regions & FURNITURE or block.role is Role.TITLE:
        return False
    strong = kind is not FactKind.CLAIM
    if Region.FOOTER in regions:
        # Only the footer's "about us" prose, never its links and legal lines.
        return block.role in (Role.PARAGRAPH, Role.TEXT) and block.words >= 12 and (
            block.link_share < 0.3)
    if (Region.FORM in regions or block.role in (Role.LABEL, Role.BUTTON)
            or (block.link_share > 0.6 and block.words < 8)):
        # Buttons, menus, listings and teaser links: only an offer or guarantee that says
        # enough to stand alone ("Join free for a month", not "Try Team free").
        return kind in (FactKind.OFFER, FactKind.GUARANTEE) and block.words >= 4
    if regions & {Region.HEADER, Region.ASIDE, Region.OVERLAY}:
        # The site header, sidebars and pop-ups: claims only from real sentences there.
        return strong or (block.role is Role.PARAGRAPH and block.words >= 8)
    return True


def candidates(doc: Document, brand_name: str, skip_blocks: Iterable[int] = ()) -> list[Candidate]:
    """Every passage of the page that states a fact, in page order."""
    brand_key = compact(brand_name)
    skipped = set(skip_blocks)
    found: list[Candidate] = []
    for block in doc.blocks:
        if block.index in skipped or block.regions & FURNITURE or block.role is Role.TITLE:
            continue
        for passage in passages(block):
            kind, score = classify(passage.text, brand_key)
            if kind is None or not _allowed(block, kind):
                continue
            if block.heading_level and block.heading_level <= 3:
                score += 0.5
            found.append(Candidate(passage, kind, score))
    return found


def _similar(first: frozenset[str], second: frozenset[str]) -> bool:
    """Near-identical wording: at least 80% of the words in either are shared."""
    if not first or not second:
        return False
    return len(first & second) >= 0.8 * len(first | second)


def select_facts(cands: Sequence[Candidate], url: str, *,
                 seen: list[frozenset[str]] | None = None,
                 limit: int = MAX_FACTS_PER_PAGE) -> list[Fact]:
    """The best candidates as facts, in page order: near-duplicates of a better or earlier
    one (on this page or, through `seen`, on pages before) dropped, at most `limit` kept."""
    kept_words: list[frozenset[str]] = seen if seen is not None else []
    chosen: list[int] = []
    for index in sorted(range(len(cands)), key=lambda i: (-cands[i].score, i)):
        if len(chosen) >= limit:
            break
        words = frozenset(_words(cands[index].passage.text))
        if any(_similar(words, other) for other in kept_words):
            continue
        kept_words.append(words)
        chosen.append(index)
    return [make_fact(cands[i].kind, cands[i].passage.text, url) for i in sorted(chosen)]


def make_fact(kind: FactKind, quote: str, url: str, text: str | None = None) -> Fact:
    """A fact with its id, cleaned text and risk."""
    cleaned = text if text is not None else clean_fact_text(quote)
    risk, reason = assess(cleaned, kind)
    return Fact(id=fact_id(kind, quote, url), kind=kind, text=cleaned, quote=quote,
                source_url=url, risk=risk, risk_reason=reason)
