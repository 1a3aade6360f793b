"""Accepted sheet rows as Turtle: a source's data file, ``graph_data/<slug>.ttl``.

The file holds the source document (from ``<slug>.json``), the new actors with their
label, class and aliases, the aliases added to known actors (``same_as``), each accepted
relationship as a direct triple with an ``rdf:Statement`` carrying its quote, and each
accepted claim with its claimant. A relationship the graph already states gains this
source's quote as a second statement of the same triple, not a second edge.

:func:`source_turtle` checks every row against the graph and the stored text first, and
raises :class:`~spacegraph.errors.AcceptFailed` with one error per row at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal

from ..core.characters import escape_line_breaks, invisible_in, visible
from ..core.folding import fold
from ..core.names import NameIndex
from ..core.prefixes import PREFIXES
from ..core.terms import compact, expand, valid_iri
from ..errors import AcceptFailed, AmbiguousNode, InvalidIRI, NodeNotFound, SheetError
from ..validation.quotes import SourceText
from .proposals import NEW
from .sheet import row_key
from .sources import slugify

__all__ = ["AcceptedSource", "source_turtle", "known_terms", "KnownTerms", "document_turtle", "rejected_keys"]

_HEADER = """# spacegraph data: {title}
# Written by `spacegraph accept` from graph_data/review/{slug}.csv; edit the sheet and accept it again rather than this file.
# Every entity-to-entity triple below is stated by a verbatim quote from graph_data/sources/{slug}.txt.

@prefix sg:     <{sg}> .
@prefix sgid:   <{sgid}> .
@prefix rdf:    <{rdf}> .
@prefix rdfs:   <{rdfs}> .
@prefix xsd:    <{xsd}> .
@prefix skos:   <{skos}> .
@prefix dct:    <{dct}> .
@prefix prov:   <{prov}> .
@prefix oa:     <{oa}> .
"""


@dataclass
class KnownTerms:
    """What the graph knows that rows may name: entities with labels, classes, object properties."""

    labels: dict = field(default_factory=dict)       # entity IRI -> label
    names: NameIndex = field(default_factory=NameIndex)  # every label and alternative label, to resolve a cell
    classes: dict = field(default_factory=dict)      # class IRI -> label
    properties: dict = field(default_factory=dict)   # object property IRI -> label
    agents: set = field(default_factory=set)         # entities that are agents (may make a claim)
    agent_classes: set = field(default_factory=set)  # classes whose instances are agents
    iris: set = field(default_factory=set)           # every subject IRI of the graph


def known_terms(graph) -> KnownTerms:
    """Read what rows may name from ``graph`` (an rdflib graph with the ontology), in four queries."""
    rdfs, owl, sg = PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["sg"]
    known = KnownTerms()
    for entity, label, agent in graph.query(f"""SELECT ?e (SAMPLE(?l) AS ?label) (MAX(?isAgent) AS ?agent) WHERE {{
        ?c <{rdfs}subClassOf>* <{sg}Entity> . ?e a ?c ; <{rdfs}label> ?l .
        BIND(EXISTS {{ ?c <{rdfs}subClassOf>* <{sg}Agent> }} AS ?isAgent) }} GROUP BY ?e"""):
        known.labels[str(entity)] = str(label)
        if agent is not None and agent.toPython():
            known.agents.add(str(entity))
    aliases = graph.query(f"""SELECT ?e ?a WHERE {{ ?c <{rdfs}subClassOf>* <{sg}Entity> . ?e a ?c .
        {{ ?e <{rdfs}label> ?a }} UNION {{ ?e <{PREFIXES['skos']}altLabel> ?a }} }}""")
    known.names = NameIndex.of(((str(entity), str(alias), known.labels.get(str(entity), str(alias))) for entity, alias in aliases),
                               shown=compact)
    for cls, label, agent in graph.query(f"""SELECT ?c (SAMPLE(?l) AS ?label) (MAX(?isAgent) AS ?agent) WHERE {{
        ?c <{rdfs}subClassOf>* <{sg}Entity> . OPTIONAL {{ ?c <{rdfs}label> ?l }}
        BIND(EXISTS {{ ?c <{rdfs}subClassOf>* <{sg}Agent> }} AS ?isAgent) }} GROUP BY ?c"""):
        known.classes[str(cls)] = str(label) if label is not None else compact(str(cls))
        if agent is not None and agent.toPython():
            known.agent_classes.add(str(cls))
    for prop, label in graph.query(f"""SELECT ?p (SAMPLE(?l) AS ?label) WHERE {{ ?p a <{owl}ObjectProperty> .
        FILTER(STRSTARTS(STR(?p), "{sg}")) OPTIONAL {{ ?p <{rdfs}label> ?l }} }} GROUP BY ?p"""):
        known.properties[str(prop)] = str(label) if label is not None else compact(str(prop))
    known.iris = {str(s) for (s,) in graph.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")}
    return known


@dataclass
class AcceptedSource:
    """A source's Turtle and what went into it."""

    text: str
    rows_by_line: list      # (first line, last line, SheetRow)
    triples: list = field(default_factory=list)   # (subject, predicate, object, SheetRow) of each relationship row
    new_actors: list = field(default_factory=list)  # (IRI, SheetRow) of each accepted new actor
    claim_actors: set = field(default_factory=set)  # the IRIs every accepted claim names
    actors: int = 0
    aliases: int = 0
    relationships: int = 0
    claims: int = 0
    rejected: list = field(default_factory=list)
    pending: int = 0

    def row_at(self, line):
        """The sheet row whose Turtle holds ``line``, if any."""
        for first, last, row in self.rows_by_line:
            if first <= line <= last:
                return row
        return None

    def orphans(self):
        """The accepted new-actor rows (not aliases) that no accepted relationship or claim names."""
        named: set[str] = set()
        for s, _, o, _ in self.triples:
            named.update((s, o))
        named.update(self.claim_actors)
        return [row for iri, row in self.new_actors if iri not in named]

    def row_stating(self, subject, predicate, value=None):
        """The relationship row whose triple has ``subject`` and ``predicate`` (and ``value`` as object, when given), if any."""
        for s, p, o, row in self.triples:
            if s == subject and p == predicate and (value is None or o == value):
                return row
        return None

    def row_naming(self, message):
        """The sheet row whose Turtle names the most of the ``sgid:`` ids in ``message`` (a problem found elsewhere), if any."""
        import re

        names = set(re.findall(r"sgid:[A-Za-z0-9_-]+", message))
        lines = self.text.splitlines()
        best, best_count = None, 0
        for first, last, row in self.rows_by_line:
            written = set(re.findall(r"sgid:[A-Za-z0-9_-]+", "\n".join(lines[first - 1:last])))
            count = len(names & written)
            if count > best_count:
                best, best_count = row, count
        return best


def _n3(iri):
    shown = compact(iri, {"sg": PREFIXES["sg"], "sgid": PREFIXES["sgid"]})
    if shown != iri and all(c.isalnum() or c in "-_" for c in shown.split(":", 1)[1]):
        return shown
    return f"<{iri}>"


def _text(value, language="en"):
    # rdflib escapes \n and \r; the other line breaks Python splits on become \uXXXX, so the file's lines are Turtle's
    literal = Literal(value, lang=language).n3() if language else Literal(value).n3()
    return escape_line_breaks(literal)


def _quote_block(quote, document, indent="    "):
    return (f"{indent}sg:evidence [ a sg:Quote ;\n{indent}    oa:exact {_text(quote, None)} ;\n"
            f"{indent}    prov:wasQuotedFrom {_n3(document)} ] .")


def document_turtle(record) -> list[str]:
    """The Turtle lines that describe the source document of ``record``."""
    document = PREFIXES["sgid"] + record.slug
    lines = [f"{_n3(document)} a sg:Document ;", f"    rdfs:label {_text(record.title)} ;", f"    dct:title {_text(record.title)} ;",
             f"    dct:description {_text(f'Source document stored from {record.original} on {record.ingested}.')} ;",
             f"    sg:textFile {_text(record.text_file, None)} ;", f"    sg:sha256 {_text(record.sha256, None)} ;",
             f'    sg:ingestedOn "{record.ingested}"^^xsd:date ;']
    if record.date:
        lines.append(f'    sg:date "{record.date}"^^xsd:date ;')
    if record.url:
        lines.append(f"    sg:url {_text(record.url, None)[:-1]}\"^^xsd:anyURI ;")
    for author in record.authors:
        lines.append(f"    dct:creator {_text(author, None)} ;")
    if record.publisher:
        lines.append(f"    dct:publisher {_text(record.publisher, None)} ;")
    if record.licence:
        lines.append(f"    sg:licence {_text(record.licence, None)} ;")
    if record.licence_url:
        lines.append(f"    sg:licenceUrl {_text(record.licence_url, None)[:-1]}\"^^xsd:anyURI ;")
    if record.attribution:
        lines.append(f"    sg:attribution {_text(record.attribution, None)} ;")
    lines.append(f"    dct:language {_text(record.language, None)} .")
    return lines


class _Resolver:
    """Turns a row's cell (prefixed name, IRI, label or ``new:<name>``) into an IRI, or records an error."""

    def __init__(self, known, new_actors, sheet_path):
        self.known, self.new_actors, self.sheet_path = known, new_actors, sheet_path
        self.errors = []

    def fail(self, row, message):
        self.errors.append(SheetError(self.sheet_path, f"row {row.number}: {message}", line=row.line))

    def entity(self, row, column, value):
        value = value.strip()
        if not value:
            self.fail(row, f"{column} is empty")
            return None
        if value.startswith(NEW):
            actor = self.new_actors.get(fold(value[len(NEW):]))
            if actor is None:
                self.fail(row, f"{column} {value!r} names no actor row of this sheet")
                return None
            iri, actor_row = actor
            if iri is None:
                state = "has an error" if actor_row.decision == "accept" else "is not accepted"
                self.fail(row, f"{column} {value!r} is actor row {actor_row.number}, which {state}")
            return iri
        try:
            return self.known.names.resolve(value, ids=lambda text: _expanded(text) or text)
        except AmbiguousNode as error:
            self.fail(row, f"{column} {value!r} fits several actors ({', '.join(compact(m) for m in error.candidates)}); name one")
        except NodeNotFound:
            self.fail(row, f"{column} {value!r} is no known actor; give a prefixed name (sgid:...), an IRI, a label or new:<name>")
        return None


def _expanded(value):
    """The IRI a cell names (a prefixed name or an IRI), or None when it names none (``sgid:bad name``)."""
    iri = expand(value) if ":" in value and not value.startswith(("http://", "https://")) else value
    try:
        return valid_iri(iri)
    except InvalidIRI:
        return None


def source_turtle(rows, record, graph_terms: KnownTerms, stored_text: str, sheet_path) -> AcceptedSource:
    """Return the Turtle of ``record``'s data file with the accepted ``rows``.

    Parameters
    ----------
    rows : list of SheetRow
    record : SourceRecord
    graph_terms : KnownTerms
        What the graph holds without this source's file (see :func:`known_terms`).
    stored_text : str
        The source's stored text: every accepted quote must be in it.
    sheet_path : path-like
        The sheet, named in errors.

    Raises
    ------
    AcceptFailed
        One :class:`SheetError` per row at fault; nothing is returned.
    """
    document = PREFIXES["sgid"] + record.slug
    text = SourceText(stored_text)
    accepted = [row for row in rows if row.decision == "accept"]
    rejected = [row for row in rows if row.decision == "reject"]
    pending = sum(1 for row in rows if not row.decision)
    # an actor this file created keeps its IRI when it is accepted again, even where later sources name it
    taken = set(graph_terms.labels) | {document}
    new_actors = {}
    for row in rows:
        if row.kind != "actor":
            continue
        name = row.id[len(NEW):] if row.id.startswith(NEW) else row.label
        new_actors[fold(name)] = (None, row)
        new_actors.setdefault(fold(row.label), (None, row))
    resolver = _Resolver(graph_terms, new_actors, sheet_path)
    blocks = []   # (row, lines)
    created = []  # (IRI, row) of each new actor
    for row in accepted:
        if row.kind != "actor":
            continue
        if not row.label.strip():
            resolver.fail(row, "label is empty")
            continue
        aliases = [alias.strip() for alias in row.aliases.split(";") if alias.strip()]
        hidden = next(((name, found) for name in [row.label, *aliases] if (found := invisible_in(name))), None)
        if hidden:  # shown as it is, such a name could pose as another actor's
            resolver.fail(row, f"name '{visible(hidden[0].strip())}' holds {hidden[1]}, which changes how it shows; remove it")
            continue
        if row.same_as.strip():
            iri = resolver.entity(row, "same_as", row.same_as)
            if iri is None:
                continue
            names = [n for n in dict.fromkeys([row.label.strip(), *aliases]) if fold(n) != fold(graph_terms.labels.get(iri, ""))]
            lines = [f"{_n3(iri)} skos:altLabel {', '.join(_text(n) for n in names)} ."] if names else []
        else:
            cls = _expanded(row.cls) if row.cls.strip() else None
            if cls is None or cls not in graph_terms.classes:
                resolver.fail(row, f"class {row.cls!r} is no class of the ontology; choose one, e.g. sg:Company" if row.cls.strip()
                              else "class is empty; choose one, e.g. sg:Company, or give same_as")
                continue
            iri = _fresh_iri(slugify(row.label), taken)
            created.append((iri, row))
            kind = graph_terms.classes[cls]
            description = row.description.strip() or f"{kind[:1].upper()}{kind[1:]} named in {record.title}."
            lines = [f"{_n3(iri)} a {_n3(cls)} ;", f"    rdfs:label {_text(row.label.strip())} ;"]
            if aliases:
                lines.append(f"    skos:altLabel {', '.join(_text(a) for a in aliases)} ;")
            lines.append(f"    dct:description {_text(description)} .")
        for key in {fold(row.id[len(NEW):]) if row.id.startswith(NEW) else fold(row.label), fold(row.label)}:
            new_actors[key] = (iri, row)
        blocks.append((row, lines))
    claims = 0
    relationships = 0
    triples = []
    claim_actors: set[str] = set()
    claim_numbers: set[int] = set()
    for row in accepted:
        if row.kind == "actor":
            continue
        quote = row.quote.strip()
        if len(quote) < 12:
            resolver.fail(row, "quote is empty or shorter than 12 characters")
            continue
        if not text.contains(quote):
            resolver.fail(row, f"quote not found in {record.text_file}: {quote[:80]!r}; a quote may be shortened, not reworded")
            continue
        if row.kind == "relationship":
            subject = resolver.entity(row, "subject", row.subject)
            obj = resolver.entity(row, "object", row.object)
            predicate = _expanded(row.predicate) if row.predicate.strip() else None
            if predicate is None or predicate not in graph_terms.properties:
                resolver.fail(row, f"predicate {row.predicate!r} is no object property of the ontology"
                              if row.predicate.strip() else "predicate is empty; choose one, e.g. sg:memberOf")
                continue
            direction = (row.direction or "forward").strip().lower()
            if direction not in ("forward", "backward"):
                resolver.fail(row, f"direction {row.direction!r} is not forward or backward")
                continue
            if subject is None or obj is None:
                continue
            if direction == "backward":
                subject, obj = obj, subject
            if subject == obj:
                resolver.fail(row, "subject and object are the same actor")
                continue
            relationships += 1
            triples.append((subject, predicate, obj, row))
            lines = [f"{_n3(subject)} {_n3(predicate)} {_n3(obj)} .", "[] a rdf:Statement ;",
                     f"    rdf:subject {_n3(subject)} ; rdf:predicate {_n3(predicate)} ; rdf:object {_n3(obj)} ;"]
            if row.hedge.strip():
                lines.append(f"    sg:hedge {_text(row.hedge.strip(), None)} ;")
            lines += _quote_block(quote, document).split("\n")
            blocks.append((row, lines))
        else:
            claimant = resolver.entity(row, "subject (who makes the claim)", row.subject)
            about = [resolver.entity(row, "object", part) for part in row.object.split(";") if part.strip()]
            if not about:
                resolver.fail(row, "object (what the claim is about) is empty")
                continue
            if claimant is None or None in about:
                continue
            if claimant not in graph_terms.agents and not _is_new_agent(claimant, blocks, graph_terms):
                resolver.fail(row, f"subject {row.subject!r} cannot make a claim: it is not an agent (a person, organisation or state)")
                continue
            number = row.sentence.split()[0] if row.sentence.strip() else str(row.number)
            iri = _fresh_iri(f"claim-{record.slug}-{number}", taken | claim_numbers)
            claim_numbers.add(iri)
            claims += 1
            claim_actors.update((claimant, *about))
            label = row.label.strip() or quote[:60] + " (claim)"
            if invisible_in(label):
                resolver.fail(row, f"label '{visible(label)}' holds {invisible_in(label)}, which changes how it shows; remove it")
                continue
            lines = [f"{_n3(iri)} a sg:Claim ;", f"    rdfs:label {_text(label)} ;", f"    sg:claimant {_n3(claimant)} ;",
                     f"    sg:about {', '.join(_n3(a) for a in dict.fromkeys(about))} ;"]
            if row.hedge.strip():
                lines.append(f"    sg:hedge {_text(row.hedge.strip(), None)} ;")
            lines.append(f"    sg:claimText {_text(quote)} ;")
            lines += _quote_block(quote, document).split("\n")
            blocks.append((row, lines))
    if resolver.errors:
        raise AcceptFailed(sorted(resolver.errors, key=lambda e: e.line or 0))
    # the title in a comment: any line break in it would end the comment and make the rest data
    out = _HEADER.format(title=escape_line_breaks(record.title), slug=record.slug, **PREFIXES).removesuffix("\n").split("\n")
    out += ["", "# ---------------------------------------------------------------- the source", "", *document_turtle(record)]
    rows_by_line = []
    sections = (("actor", "new actors and aliases of known ones"), ("relationship", "relationships and their evidence"),
                ("claim", "attributed claims"))
    for kind, title in sections:
        chosen = [(row, lines) for row, lines in blocks if row.kind == kind]
        if not chosen:
            continue
        out += ["", f"# ---------------------------------------------------------------- {title}"]
        for row, lines in chosen:
            out.append("")
            rows_by_line.append((len(out) + 1, len(out) + len(lines), row))
            out += lines
    actor_count = sum(1 for r, _ in blocks if r.kind == "actor" and not r.same_as)
    alias_count = sum(1 for r, _ in blocks if r.kind == "actor" and r.same_as)
    return AcceptedSource("\n".join(out) + "\n", rows_by_line, triples, created, claim_actors, actors=actor_count, aliases=alias_count,
                          relationships=relationships, claims=claims, rejected=rejected, pending=pending)


def _is_new_agent(iri, blocks, graph_terms):
    """Tell whether ``iri`` is a new actor of this sheet whose class is an agent class."""
    for row, lines in blocks:
        if row.kind == "actor" and lines and lines[0].startswith(_n3(iri) + " a "):
            return _expanded(row.cls) in graph_terms.agent_classes
    return False


def _fresh_iri(slug, taken):
    base = PREFIXES["sgid"] + (slug or "actor")
    iri, number = base, 2
    while iri in taken:
        iri, number = f"{base}-{number}", number + 1
    taken.add(iri)
    return iri


def rejected_keys(rows) -> set:
    """The keys of the rejected rows, as :func:`~spacegraph.ingest.proposals.propose` takes them."""
    return {row_key(row) for row in rows if row.decision == "reject"}
