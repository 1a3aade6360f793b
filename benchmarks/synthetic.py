"""Synthetic graphs shaped like spacegraph's data, at any size.

The graph uses the real vocabulary: the same classes and predicates, labels,
alternative labels and descriptions, direct relationships each backed by an
``rdf:Statement`` with a quote, ILRS-style memberships with roles, a PLA-style
reorganisation and hedged claims. Degrees are skewed: a few hubs take part in
many relationships, as China, the ILRS or the PLA do in the real data.

Every quote is a sentence of a generated source text, written beside the
data, so that the synthetic graph also validates. As when many reports are
merged, the sentences are spread over documents of SENTENCES_PER_DOCUMENT
sentences each (a report the size of China Trends #22 holds about 300), each
with its text file, digest, author and publisher.

Usage: python benchmarks/synthetic.py N_TRIPLES OUTPUT_DIR [--seed 7]
"""

import argparse
import hashlib
import itertools
import random
from collections import defaultdict
from pathlib import Path

PREFIXES = """@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
"""

# (class, share of entities)
CLASSES = [("State", 0.10), ("Company", 0.18), ("MilitaryUnit", 0.08), ("Person", 0.22), ("Mission", 0.10),
           ("Programme", 0.06), ("GroundStation", 0.06), ("ResearchInstitute", 0.06), ("Technology", 0.06),
           ("Region", 0.04), ("MediaOutlet", 0.04)]
# (predicate, subject class, object class)
PREDICATES = [
    ("hosts", "State", "GroundStation"), ("operates", "State", "Mission"), ("operates", "Company", "GroundStation"),
    ("memberOf", "State", "Programme"), ("partnerOf", "State", "State"), ("rivals", "State", "State"),
    ("benchmarksAgainst", "Company", "Company"), ("integratesTechnology", "Company", "Technology"),
    ("affiliatedWith", "Person", "ResearchInstitute"), ("affiliatedWith", "Person", "Company"),
    ("underCommandOf", "MilitaryUnit", "MilitaryUnit"), ("subOrganizationOf", "MilitaryUnit", "MilitaryUnit"),
    ("locatedIn", "GroundStation", "Region"), ("locatedIn", "Company", "Region"), ("develops", "State", "Technology"),
    ("developedBy", "Programme", "State"), ("leaderOf", "Person", "State"), ("founderOf", "Person", "Company"),
]
WORDS = ("space station orbit launch satellite lunar mission agency force command programme spectrum ground "
         "deep relay partner rival benchmark signal payload rocket crew module dock survey research defence "
         "network constellation frequency capability reform doctrine alliance summit treaty").split()
TRIPLES_PER_ENTITY = 4
TRIPLES_PER_RELATIONSHIP = 9
SENTENCES_PER_DOCUMENT = 1000


def _document(sentence_number):
    """The slug of the document that holds a sentence."""
    return _document_slug(sentence_number // SENTENCES_PER_DOCUMENT)


def _document_slug(index):
    return f"synthetic-source-{index}"


def _q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generated_once(n_triples, folder, *, seed=7):
    """Return ``(data file, sources folder)`` of the graph in ``folder``, generating it there first if it is missing.

    The benchmark scripts' ``--data-dir``: a graph written once is read again by the next run.
    """
    folder = Path(folder)
    data = folder / "synthetic.ttl"
    if not data.exists():
        folder.mkdir(parents=True, exist_ok=True)
        generate(n_triples, folder, seed=seed)
    return data, folder / "sources"


def generate(n_triples, out_dir, *, seed=7):
    """Write ``synthetic.ttl`` and its source texts into ``out_dir``; return the data file and the last text.

    Parameters
    ----------
    n_triples : int
        About how many data triples to write (the ontology adds ~550).
    out_dir : path-like
        Folder for ``synthetic.ttl`` and ``sources/synthetic-source-N.txt``.
    seed : int
        Seed of the random generator: the same seed gives the same graph.
    """
    if n_triples < 1000:
        raise ValueError(f"n_triples must be at least 1000, got {n_triples}")
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    entity_count = max(60, int(n_triples / (TRIPLES_PER_ENTITY + 2.5 * TRIPLES_PER_RELATIONSHIP)))
    relationship_count = int((n_triples - entity_count * TRIPLES_PER_ENTITY) / TRIPLES_PER_RELATIONSHIP)

    by_class = {cls: [] for cls, _ in CLASSES}
    weights = {}
    names = []
    for index in range(entity_count):
        cls = rng.choices([c for c, _ in CLASSES], [w for _, w in CLASSES])[0]
        slug = f"{cls.lower()}-{index}"
        by_class[cls].append(slug)
        weights[slug] = rng.paretovariate(1.2)  # heavy tail: a few hubs
        names.append((slug, cls))

    sentences = []
    lines = [PREFIXES]
    emit = lines.append

    def sentence():
        """A new sentence of the current document: (text, document slug)."""
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        text = f"Sentence {len(sentences)} says that " + " ".join(words) + "."
        sentences.append(text)
        return text, _document(len(sentences) - 1)

    def evidence(quote):
        text, document = quote
        return f"sg:evidence [ a sg:Quote ; oa:exact {_q(text)} ; prov:wasQuotedFrom sgid:{document} ]"

    for slug, cls in names:
        number = slug.rsplit("-", 1)[1]
        emit(f"sgid:{slug} a sg:{cls} ; rdfs:label {_q(f'{cls} {number}')}@en ; "
             f"skos:altLabel {_q(f'{cls[:3].upper()}{number}')}@en ; "
             f"dct:description {_q(f'A synthetic {cls.lower()} number {number}.')}@en .")

    # fixed hubs that the named queries ask about
    emit('sgid:ilrs a sg:Programme ; rdfs:label "International Lunar Research Station"@en ; skos:altLabel "ILRS"@en ; '
         'dct:description "The synthetic lunar programme."@en .')
    emit('sgid:peoples-liberation-army a sg:ArmedForce ; rdfs:label "People\'s Liberation Army"@en ; '
         'dct:description "The synthetic armed force."@en .')
    units = by_class["MilitaryUnit"][:8] or by_class["Company"][:8]
    reorganisation = sentence()
    emit('sgid:reorganization-2024 a sg:Reorganization ; rdfs:label "Synthetic reorganisation"@en ; '
         'dct:description "A synthetic reorganisation."@en ; sg:date "2024-04"^^xsd:gYearMonth .')
    for predicate, units_slice in (("originalOrganization", units[:2]), ("resultingOrganization", units[2:6])):
        for unit in units_slice:
            emit(f"sgid:reorganization-2024 sg:{predicate} sgid:{unit} .")
            emit(f"[] a rdf:Statement ; rdf:subject sgid:reorganization-2024 ; rdf:predicate sg:{predicate} ; "
                 f"rdf:object sgid:{unit} ; {evidence(reorganisation)} .")
    state = by_class["State"][0]
    emit(f"sgid:peoples-liberation-army sg:armedForceOf sgid:{state} .")
    emit(f"[] a rdf:Statement ; rdf:subject sgid:peoples-liberation-army ; rdf:predicate sg:armedForceOf ; "
         f"rdf:object sgid:{state} ; {evidence(reorganisation)} .")
    emit("sgid:reorganization-2024 sg:reorganizes sgid:peoples-liberation-army .")
    emit(f"[] a rdf:Statement ; rdf:subject sgid:reorganization-2024 ; rdf:predicate sg:reorganizes ; "
         f"rdf:object sgid:peoples-liberation-army ; {evidence(reorganisation)} .")

    # cumulative weights made once: random.choices would add up every weight at every draw (the same draws either way)
    pools = {cls: (members, list(itertools.accumulate(weights[m] for m in members))) for cls, members in by_class.items() if members}
    seen = set()
    made = 0
    attempts = 0
    while made < relationship_count and attempts < relationship_count * 5:
        attempts += 1
        predicate, subject_class, object_class = rng.choice(PREDICATES)
        if subject_class not in pools or object_class not in pools:
            continue
        subject = rng.choices(pools[subject_class][0], cum_weights=pools[subject_class][1])[0]
        obj = rng.choices(pools[object_class][0], cum_weights=pools[object_class][1])[0]
        if subject == obj or (subject, predicate, obj) in seen:
            continue
        seen.add((subject, predicate, obj))
        quote = sentence()
        emit(f"sgid:{subject} sg:{predicate} sgid:{obj} .")
        emit(f"[] a rdf:Statement ; rdf:subject sgid:{subject} ; rdf:predicate sg:{predicate} ; rdf:object sgid:{obj} ; "
             f"{evidence(quote)} .")
        made += 1
        if predicate == "memberOf" and rng.random() < 0.5:  # an ILRS-style membership node
            emit(f"sgid:{subject} sg:memberOf sgid:ilrs .")
            emit(f"[] a rdf:Statement ; rdf:subject sgid:{subject} ; rdf:predicate sg:memberOf ; rdf:object sgid:ilrs ; "
                 f"{evidence(quote)} .")
            emit(f"sgid:membership-{made} a sg:Membership ; rdfs:label {_q(f'Membership {made}')}@en ; "
                 f"sg:member sgid:{subject} ; sg:organization sgid:ilrs ; sg:roleName \"member\" ; {evidence(quote)} .")

    author, publisher = by_class["Person"][0], by_class["MediaOutlet"][0]
    document_count = (len(sentences) - 1) // SENTENCES_PER_DOCUMENT + 1
    for index in range(document_count):  # each document credits its author and publisher in its own text
        sentences.append(f"Document {index} is written by {author} and published by {publisher}.")
        credit = (sentences[-1], _document_slug(index))
        for predicate, agent in (("author", author), ("publishedBy", publisher)):
            emit(f"sgid:{credit[1]} sg:{predicate} sgid:{agent} .")
            emit(f"[] a rdf:Statement ; rdf:subject sgid:{credit[1]} ; rdf:predicate sg:{predicate} ; "
                 f"rdf:object sgid:{agent} ; {evidence(credit)} .")

    texts = defaultdict(list)
    for number, text in enumerate(sentences):
        texts[_document(number) if not text.startswith("Document ") else _document_slug(int(text.split()[1]))].append(text)
    source = None
    for index in range(document_count):
        slug = _document_slug(index)
        text = "\n".join(texts[slug]) + "\n"
        source = out_dir / "sources" / f"{slug}.txt"
        source.write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        emit(f"sgid:{slug} a sg:Report ; rdfs:label \"Synthetic source {index}\"@en ; "
             "dct:description \"A generated source text of the synthetic graph.\"@en ; "
             f"dct:title \"Synthetic source {index}\"@en ; sg:url \"https://example.org/synthetic/{index}\"^^xsd:anyURI ; "
             f"sg:date \"2025-01-01\"^^xsd:date ; sg:textFile \"{slug}.txt\" ; sg:sha256 \"{digest}\" .")
    data = out_dir / "synthetic.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data, source


def main():
    parser = argparse.ArgumentParser(description="Write a synthetic spacegraph graph of about N triples.")
    parser.add_argument("n_triples", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        data, source = generate(args.n_triples, args.out_dir, seed=args.seed)
    except ValueError as error:
        parser.error(str(error))
    print(f"wrote {data} and {source}")


if __name__ == "__main__":
    main()
