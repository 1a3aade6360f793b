"""What ingest learns from the graph itself: its quoted relationships and its actors are labelled examples.

Three small linear models, trained with scikit-learn's logistic regression when the graph
changes (``spacegraph build`` stores them beside the built store, ``ingest-model.json``), and
applied without scikit-learn:

``predicates``
    Each quote of a relationship, with its two actors found in it, is an example: the words
    between and around the two names and the kinds of the two actors, labelled with the
    predicate and its direction in the text (``sg:hosts>`` when the first named is the subject).
``pairs``
    In each quote, every two actors it names: related by the graph through that quote or not.
    The words between them, how far apart they are, whether other actors or a list stand
    between them.
``classes``
    Each actor's label and alternative labels, by their character n-grams and last word,
    labelled with its class.

The model is plain JSON (feature names, weights, labels) with its training size and its
accuracy measured by cross-validation: nothing in it runs code when read. Every accepted
sheet adds quotes, and so examples, for the next build.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.folding import fold
from ..core.prefixes import PREFIXES, sparql_prefixes
from .linking import Alias, AliasIndex

__all__ = ["IngestModel", "LinearModel", "train_model", "pair_features", "predicate_features", "name_features",
           "read_model", "MODEL_FILE"]

#: The file ``spacegraph build`` writes the model to, beside the built store.
MODEL_FILE = "ingest-model.json"
_VERSION = 1
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SG = PREFIXES["sg"]


# ---------------------------------------------------------------- features


def _words(text):
    return [fold(w) for w in _WORD.findall(text)]


def predicate_features(sentence, first, second, kinds=("", ""), cues=()) -> dict:
    """Features of the relation between two actors named in ``sentence`` at ``first`` and ``second`` (``(start, end)``
    in the sentence, first before second); ``kinds`` are the two actors' kinds.

    Examples
    --------
    >>> sorted(predicate_features("Argentina hosts a station.", (0, 9), (18, 25), ("state", "facility")))[:4]
    ['b:a', 'b:hosts', 'b:hosts a', 'k1:state']
    """
    between = _words(sentence[first[1]:second[0]])
    before = _words(sentence[:first[0]])[-3:]
    after = _words(sentence[second[1]:])[:3]
    features = {f"b:{w}": 1.0 for w in between[:12]}
    features.update({f"b:{a} {b}": 1.0 for a, b in zip(between[:12], between[1:12], strict=False)})
    features.update({f"l:{w}": 0.5 for w in before})
    features.update({f"r:{w}": 0.5 for w in after})
    features[f"k1:{kinds[0]}"] = 1.0
    features[f"k2:{kinds[1]}"] = 1.0
    features[f"kk:{kinds[0]}|{kinds[1]}"] = 1.0
    if not between:
        features["adjacent"] = 1.0
    for cue in cues:
        features[f"cue:{cue}"] = 1.0
    return features


def pair_features(sentence, first, second, others, kinds=("", ""), cued=False, *, listed=False, stated=False) -> dict:
    """Features of whether two actors of ``sentence`` are related: ``others`` are the spans of the other actors named.

    ``listed`` says the two are items of one list ("Russia, Egypt and Belarus"), ``stated`` that the graph relates them.

    Examples
    --------
    >>> features = pair_features("Russia and Egypt joined the ILRS.", (0, 6), (28, 32), [(11, 16)], ("state", "programme"))
    >>> features["actors between"], features["first opens"]
    (1.0, 1.0)
    """
    between_text = sentence[first[1]:second[0]]
    between = _words(between_text)
    inside = sum(1 for s, e in others if first[1] <= s and e <= second[0])
    features = {f"b:{w}": 0.5 for w in between[:10]}
    features["distance"] = min(len(between), 30) / 10
    features["actors between"] = float(min(inside, 5))
    features["no actor between"] = 1.0 if inside == 0 else 0.0
    features["first opens"] = 1.0 if not any(e <= first[0] for s, e in others) else 0.0
    features["listed together"] = 1.0 if listed or re.fullmatch(r"\s*(,|and|or|, and|, or|/)\s*(the\s+)?", between_text) else 0.0
    features["commas between"] = float(min(between_text.count(","), 4)) / 2
    features["clause between"] = 1.0 if re.search(r"\b(which|who|whereas|while|but)\b|;", between_text) else 0.0
    features["preposition before second"] = 1.0 if re.search(r"\b(of|by|from|with|to|for|on|in|at|aboard|into)\s+(the\s+)?$",
                                                                between_text) else 0.0
    features["bracket between"] = 1.0 if "(" in between_text or ")" in between_text else 0.0
    features["possessive"] = 1.0 if re.fullmatch(r"['’]s\s*", between_text) else 0.0
    features["cue"] = 1.0 if cued else 0.0
    features["stated"] = 1.0 if stated else 0.0
    features[f"kk:{kinds[0]}|{kinds[1]}"] = 1.0
    features[f"k:{kinds[0]}"] = 0.5
    features[f"k:{kinds[1]}"] = 0.5
    return features


def name_features(name) -> dict:
    """Features of an actor's name for its class: its last word, character n-grams, its shape.

    Examples
    --------
    >>> features = name_features("Long March 8")
    >>> features["last:8"], features["shape:ends in a number"]
    (1.0, 1.0)
    """
    folded = fold(name)
    words = folded.split()
    features = {f"last:{words[-1]}": 1.0} if words else {}
    features.update({f"word:{w}": 0.5 for w in words})
    padded = f" {folded} "
    for size in (3, 4):
        for i in range(len(padded) - size + 1):
            features[f"c:{padded[i:i + size]}"] = 0.3
    if re.search(r"\d+[a-z]?$", folded):
        features["shape:ends in a number"] = 1.0
    if name.isupper() and len(name) <= 8:
        features["shape:acronym"] = 1.0
    features[f"shape:{min(len(words), 4)} words"] = 1.0
    return features


# ---------------------------------------------------------------- models


@dataclass
class LinearModel:
    """A multinomial (or binary) logistic regression, stored as plain numbers.

    ``weights[label][feature]`` and ``bias[label]``; a binary model has one label, the positive one.
    """

    labels: list
    weights: dict
    bias: dict
    examples: int = 0
    accuracy: float | None = None

    def scores(self, features: dict) -> list:
        """``[(label, probability)]``, most likely first."""
        raw = {label: self.bias[label] + sum(self.weights[label].get(name, 0.0) * value for name, value in features.items())
               for label in self.labels}
        if len(self.labels) == 1:
            label = self.labels[0]
            return [(label, 1 / (1 + math.exp(-raw[label])))]
        top = max(raw.values())
        exps = {label: math.exp(value - top) for label, value in raw.items()}
        total = sum(exps.values())
        return sorted(((label, value / total) for label, value in exps.items()), key=lambda item: -item[1])

    def to_json(self) -> dict:
        return {"labels": self.labels, "bias": {k: round(v, 5) for k, v in self.bias.items()},
                "weights": {label: {f: round(w, 3) for f, w in weights.items() if abs(w) >= 0.02}
                            for label, weights in self.weights.items()},
                "examples": self.examples, "accuracy": self.accuracy}

    @classmethod
    def from_json(cls, record: dict) -> LinearModel:
        labels = [str(label) for label in record["labels"]]
        weights = {str(label): {str(f): float(w) for f, w in record["weights"].get(label, {}).items()} for label in labels}
        bias = {str(label): float(record["bias"][label]) for label in labels}
        accuracy = record.get("accuracy")
        return cls(labels, weights, bias, int(record.get("examples", 0)), float(accuracy) if accuracy is not None else None)


@dataclass
class IngestModel:
    """The three models ingest applies, and what they were learnt from."""

    predicates: LinearModel | None = None
    pairs: LinearModel | None = None
    classes: LinearModel | None = None
    fingerprint: str = ""
    class_labels: dict = field(default_factory=dict)

    def predict(self, name, context=()):
        """``[(class IRI, probability)]`` for a new actor's name, most likely first (the class model's)."""
        return self.classes.scores(name_features(name)) if self.classes is not None else []

    def label(self, cls):
        """The label of a class the model knows."""
        return self.class_labels.get(cls) or cls.rsplit("#", 1)[-1]

    def summary(self) -> str:
        """One line: how many examples each model was trained on and its accuracy."""
        parts = []
        for name, model in (("predicates", self.predicates), ("pairs", self.pairs), ("classes", self.classes)):
            if model is None:
                parts.append(f"{name}: too few examples")
            else:
                accuracy = f", accuracy {model.accuracy:.2f}" if model.accuracy is not None else ""
                parts.append(f"{name}: {model.examples} examples{accuracy}")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"version": _VERSION, "fingerprint": self.fingerprint, "class_labels": self.class_labels,
                **{name: model.to_json() if model is not None else None
                   for name, model in (("predicates", self.predicates), ("pairs", self.pairs), ("classes", self.classes))}}

    @classmethod
    def from_json(cls, record: dict) -> IngestModel:
        if record.get("version") != _VERSION:
            raise ValueError(f"model version {record.get('version')!r}, expected {_VERSION}")
        models = {name: LinearModel.from_json(record[name]) if record.get(name) else None
                  for name in ("predicates", "pairs", "classes")}
        return cls(**models, fingerprint=str(record.get("fingerprint", "")),
                   class_labels={str(k): str(v) for k, v in record.get("class_labels", {}).items()})

    def write(self, path) -> None:
        from ..core._io import write_files

        write_files({Path(path): json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True) + "\n"})


def read_model(path, fingerprint=None) -> IngestModel | None:
    """The model stored at ``path``, or None when there is none, it cannot be read, or it was learnt from another graph."""
    try:
        model = IngestModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if fingerprint is not None and model.fingerprint != fingerprint:
        return None
    return model


# ---------------------------------------------------------------- training


def _fit(rows, labels, *, binary=False, folds=3, measure=True):
    """A :class:`LinearModel` fitted on ``rows`` (feature dicts) and ``labels``; with ``measure``, its accuracy by
    ``folds``-fold cross-validation."""
    import warnings

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

    if len(set(labels)) < 2 or len(rows) < 6:
        return None
    warnings.filterwarnings("ignore", message="The number of unique classes", category=UserWarning)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(max_iter=300, tol=1e-3, C=2.0, class_weight="balanced" if binary else None)
    accuracy = None
    if measure:
        counts = {label: labels.count(label) for label in set(labels)}
        # a label seen once is always missed in its fold: the accuracy is that of a model asked about what it never saw
        splitter = StratifiedKFold(folds, shuffle=True, random_state=7) if min(counts.values()) >= folds else \
            KFold(folds, shuffle=True, random_state=7)
        accuracy = round(float(cross_val_score(classifier, matrix, labels, cv=splitter).mean()), 3)
    classifier.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    classes = [str(c) for c in classifier.classes_]
    if binary:
        positive = classes[1]
        weights = {positive: {str(names[i]): float(w) for i, w in enumerate(classifier.coef_[0]) if w}}
        return LinearModel([positive], weights, {positive: float(classifier.intercept_[0])}, len(rows), accuracy)
    weights = {label: {str(names[i]): float(w) for i, w in enumerate(classifier.coef_[k]) if w} for k, label in enumerate(classes)}
    bias = {label: float(classifier.intercept_[k]) for k, label in enumerate(classes)}
    return LinearModel(classes, weights, bias, len(rows), accuracy)


def fingerprint_of(graph) -> str:
    """A digest of what the models learn from: the quoted relationships and the actors' names and classes.

    Each row's digest is added up, modulo 2**256, so that the rows are read as they come, in any
    order, and never held (at ten million triples, sorting them took gigabytes).
    """
    digest = hashlib.sha256()
    for query in (_EXAMPLES_QUERY, _ACTORS_QUERY):
        total = 0
        for row in graph.query(query):
            text = str(tuple(map(str, row))).encode("utf-8")
            total += int.from_bytes(hashlib.sha256(text).digest(), "big")
        digest.update((total % 2 ** 256).to_bytes(32, "big"))
    return digest.hexdigest()


_EXAMPLES_QUERY = sparql_prefixes("rdf", "sg", "oa") + f"""SELECT ?s ?p ?o ?exact WHERE {{
  {{ ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence/oa:exact ?exact . }}
  UNION
  {{ ?node a ?class ; sg:evidence/oa:exact ?exact .
     ?class <{PREFIXES['rdfs']}subClassOf>* sg:Relationship ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole ;
            sg:unqualifiedForm ?p .
     ?node ?subjectRole ?s ; ?objectRole ?o . ?s ?p ?o . }}
  FILTER(isIRI(?s) && isIRI(?o))
}}"""
_ACTORS_QUERY = sparql_prefixes("sg", "rdfs", "skos") + """SELECT ?entity ?class ?name ?kind WHERE {
  ?entity a ?class . ?class rdfs:subClassOf* sg:Entity .
  FILTER NOT EXISTS { ?class rdfs:subClassOf* sg:Document }
  FILTER NOT EXISTS { ?entity a ?other . ?other rdfs:subClassOf+ ?class }
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  OPTIONAL { ?class rdfs:subClassOf* ?kindClass . ?kindClass sg:networkKind ?kind }
}"""


def _demonyms(quote, places):
    """Mentions of places by their adjective ("Chinese" for China), to find a quote's actors when it names them so."""
    from .linking import Mention
    from .words import demonym_stems

    found = []
    for match in re.finditer(r"\b[A-Z][a-z]+\b", quote):
        for stem in demonym_stems(match.group()):
            if stem in places:
                found.append(Mention(match.start(), match.end(), match.group(), places[stem]))
                break
    return found


def kinds_of(graph) -> dict:
    """``{entity IRI: kind}``: the coarse kind (``sg:networkKind``) of every actor, read in one query."""
    from ..core.store import select_rows

    kinds: dict[str, str] = {}
    for entity, _cls, _name, kind in select_rows(graph, _ACTORS_QUERY):
        if kind is not None:
            kinds.setdefault(str(entity), str(kind))
    return kinds


#: The most quotes and names the models learn from. A graph of thousands of reports holds
#: millions of each: the models learn from a sample of them, the same at every build of the
#: same graph (those whose digest comes first), and their fitting takes seconds, not the machine's memory.
MAX_QUOTES = 5_000
MAX_NAMES = 20_000


def _sample(items, most, *, key):
    """``items`` in sorted order, or, when there are more than ``most``, the ``most`` of them whose digest comes first.

    Examples
    --------
    >>> _sample({"b", "a"}, 5, key=str)
    ['a', 'b']
    >>> len(_sample({str(n) for n in range(100)}, 10, key=str)) == 10
    True
    """
    ordered = sorted(items, key=key)
    if len(ordered) <= most:
        return ordered
    digest = lambda item: hashlib.sha1(key(item).encode("utf-8")).digest()  # noqa: E731
    return sorted(sorted(ordered, key=digest)[:most], key=key)


def train_model(graph, *, measure=True) -> IngestModel:
    """Learn the three models from ``graph`` (an rdflib graph with the ontology): its quotes and its actors.

    ``measure`` also measures each model's accuracy by cross-validation (three more fits each).

    Examples
    --------
    >>> import spacegraph
    >>> model = train_model(spacegraph.load().graph)
    >>> model.pairs.examples > 100, model.predicates.labels[0].endswith((">", "<")), model.classes.accuracy is not None
    (True, True, True)
    """
    import sklearn.linear_model  # noqa: F401  (loads the BLAS and OpenMP libraries, so that the limit below reaches them)
    from threadpoolctl import threadpool_limits

    # the models are small: their threads only wait for each other (1.0 s on one thread, 2.6 s on two, 28 s under load)
    with threadpool_limits(limits=1):
        return _trained(graph, measure)


def _trained(graph, measure):
    actors: dict = {}
    class_rows, class_labels = [], []
    names_of: dict = {}
    kinds: dict = {}
    seen_names = set()
    for entity, cls, name, kind in graph.query(_ACTORS_QUERY):
        entity, cls, name = str(entity), str(cls), str(name)
        actors[entity] = cls
        names_of.setdefault(entity, set()).add(name)
        if kind is not None:
            kinds.setdefault(entity, str(kind))
        seen_names.add((name, cls))
    for name, cls in _sample(seen_names, MAX_NAMES, key=lambda pair: pair[0] + "\n" + pair[1]):
        class_rows.append(name_features(name))
        class_labels.append(cls)
    index = AliasIndex([Alias(name, entity, name) for entity, names in names_of.items() for name in names])
    stated: dict = {}
    for s, p, o, exact in graph.query(_EXAMPLES_QUERY):
        stated.setdefault(str(exact), set()).add((str(s), str(p), str(o)))
    predicate_rows, predicate_labels, pair_rows, pair_labels = [], [], [], []
    places = {fold(name): entity for entity, names in names_of.items() for name in names if kinds.get(entity) in ("state", "place")}
    for quote in _sample(stated, MAX_QUOTES, key=str):
        triples = stated[quote]
        mentions = [m for m in index.find(quote) if m.entity] + _demonyms(quote, places)
        first_at: dict[str, tuple[int, int]] = {}
        for m in mentions:
            first_at.setdefault(m.entity, (m.start, m.end))
        related = {frozenset((s, o)) for s, _, o in triples}
        for s, p, o in sorted(triples):
            if s in first_at and o in first_at and s != o:
                (a, b), forward = ((first_at[s], first_at[o]), True) if first_at[s] < first_at[o] else ((first_at[o], first_at[s]), False)
                kind_pair = (kinds.get(s if forward else o, ""), kinds.get(o if forward else s, ""))
                predicate_rows.append(predicate_features(quote, a, b, kind_pair))
                predicate_labels.append(f"{p}{'>' if forward else '<'}")
        ordered = sorted(first_at.items(), key=lambda item: item[1])
        spans = [span for _, span in ordered]
        for i, (x, span_x) in enumerate(ordered):
            for y, span_y in ordered[i + 1:]:
                others = [span for span in spans if span not in (span_x, span_y)]
                pair_rows.append(pair_features(quote, span_x, span_y, others, (kinds.get(x, ""), kinds.get(y, ""))))
                pair_labels.append("related" if frozenset((x, y)) in related else "apart")
    labels = {}
    for cls in set(actors.values()):
        labels[cls] = cls.rsplit("#", 1)[-1]
    for cls, label in graph.query(f"SELECT ?c ?l WHERE {{ ?c <{PREFIXES['rdfs']}label> ?l . FILTER(STRSTARTS(STR(?c), '{_SG}')) }}"):
        if str(cls) in labels:
            labels[str(cls)] = str(label)
    return IngestModel(predicates=_fit(predicate_rows, predicate_labels, measure=measure),
                       pairs=_fit(pair_rows, pair_labels, binary=True, measure=measure),
                       classes=_fit(class_rows, class_labels, measure=measure), fingerprint=fingerprint_of(graph), class_labels=labels)
