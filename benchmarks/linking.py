"""Linking benchmark: a long document against many actor aliases, as `spacegraph ingest` reads it.

Generates, from --seed, --aliases synthetic aliases that look like actors' names
("Varin Kelto Aerospace", "Orbital Nesh Institute", "VKA", accents, hyphens; a few hundred
shared by two entities) and a document of --words words in sentences and paragraphs, where
about 3% of the positions name an alias (as written, lowercased, with "'s", or with a hyphen
for a space), 0.3% a misspelt alias and 0.3% a name no alias has. Then times, median of
--runs runs, each step with the real code:

=========  ================================================================
index      ``AliasIndex(aliases)``: the Aho-Corasick automaton
sentences  ``split_sentences(text)``
link       ``index.find(text)``: every mention of a known actor
propose    ``propose(text, ontology, index=index)``: sentences, linking, new
           names, their near misses against every alias, candidate pairs
=========  ================================================================

Each propose run gets an index that has not answered a near-miss question yet (its word
table is built on the first one), as a fresh `spacegraph ingest` does. The target: a
50,000-word document against 100,000 aliases in under 5 s.

Writes benchmarks/results/linking.md (or --output-dir) and prints it.

Usage: python benchmarks/linking.py [--words 50000] [--aliases 100000] [--runs 3] [--seed 7] [--output-dir DIR]
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import output_folder  # noqa: E402  (the suite's own check of --output-dir)

WORD_LIMITS = (100, 5_000_000)
ALIAS_LIMITS = (10, 5_000_000)
TARGET_SECONDS = 5.0
TARGET_WORDS, TARGET_ALIASES = 50_000, 100_000
IRI = "https://example.org/id/e{}"

ALIAS_RATE, MISSPELT_RATE, UNKNOWN_RATE = 0.03, 0.003, 0.003
SHARED_ALIASES = 300  # aliases shared by two entities, at most one in 50 of all aliases

SYLLABLES = ("va rin kel to ae ro nesh or bi tal mar ken dra lu sa vor ti qua zen bel cor da fen gal hal ir jor ka "
             "lem mo nor pe ras sel tor ul vin wes yar zo bre cha dor el fa gri ho is tem nu").split()
INSTITUTIONS = ("Aerospace Institute Agency Corporation Systems Dynamics Laboratory Academy Foundation "
                "Observatory Group Industries Administration University Command").split()
PREFIXES = ("Orbital", "National", "Deep-Space", "Lunar", "Stellar", "Northern", "Space", "Launch")
ACCENTS = {"e": "é", "a": "â"}
FILLER = """the of and to in a is that for it as was with be by on not he this are or his from at which but have an
they you were her she there been one all we their has would when if so no what up out about into than them can only
other new some could time these two may then do first any my now such like our over also did just most made after
well even back through much before must where years those way because each between under while should however
during without again since among across against along around within toward later often still already several
plans report reports programme launch station orbit data research public private agreement budget year week
officials engineers analysts said says noted added hosts supports develops founded signed announced confirmed
likely might""".split()


# ---------------------------------------------------------------- arguments

class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def bounded(name, low, high):
    def check(text):
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} {text!r} is not a whole number") from None
        if not low <= value <= (high if high is not None else value):
            span = f"from {low:,} to {high:,}" if high is not None else f"at least {low:,}"
            raise argparse.ArgumentTypeError(f"{name} {text!r} is out of range: {span}")
        return value
    check.__name__ = name
    return check


# ---------------------------------------------------------------- the synthetic aliases and document

def _fold(text):
    from spacegraph.core.folding import fold

    return fold(text)


def _pseudo_word(rng):
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    if rng.random() < 0.03:
        vowel = rng.choice([v for v in ACCENTS if v in word] or [None])
        if vowel:
            word = word.replace(vowel, ACCENTS[vowel], 1)
    return word.capitalize()


def _acronym(rng):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))


def _name(rng):
    """One actor's name: 1-4 capitalised words, or an acronym."""
    kind = rng.random()
    if kind < 0.10:
        return _acronym(rng)
    if kind < 0.45:
        words = [_pseudo_word(rng) for _ in range(rng.choice((1, 1, 2)))] + [rng.choice(INSTITUTIONS)]
    elif kind < 0.58:
        words = [rng.choice(PREFIXES)] + [_pseudo_word(rng) for _ in range(rng.choice((1, 2)))]
        if rng.random() < 0.5:
            words.append(rng.choice(INSTITUTIONS))
    else:
        words = [_pseudo_word(rng) for _ in range(rng.choice((1, 2, 2, 3, 4)))]
    words = words[:4]
    if len(words) >= 2 and "-" not in " ".join(words) and rng.random() < 0.04:
        at = rng.randrange(len(words) - 1)
        words[at:at + 2] = [f"{words[at]}-{words[at + 1]}"]
    return " ".join(words)


def make_aliases(count, rng):
    """Return ``count`` ``(text, entity IRI, label)`` rows; some texts are shared by two entities."""
    shared = min(SHARED_ALIASES, count // 50)
    texts, keys = [], set()
    while len(texts) < count - shared:
        text = _name(rng)
        key = _fold(text)
        if key not in keys:
            keys.add(key)
            texts.append(text)
    rows = [(text, IRI.format(number), text) for number, text in enumerate(texts)]
    for number, text in enumerate(rng.sample(texts, shared), start=len(texts)):
        rows.append((text, IRI.format(number), f"{text} ({number})"))
    return rows


def _as_written(text, rng):
    """An alias as a text may write it: as is, lowercased, possessive, or a hyphen for a space."""
    multi = " " in text or "-" in text
    roll = rng.random()
    if multi and roll < 0.15:
        text = text.lower()
    elif multi and roll < 0.25:
        text = text.replace("-", " ") if "-" in text else text.replace(" ", "-", 1)
    if rng.random() < 0.10:
        text += "'s"
    return text


def _misspelt(text, keys, rng):
    """``text`` with one letter of one of its longer words changed, or None."""
    words = text.split()
    long_words = [i for i, word in enumerate(words) if len(word) >= 4 and word[1:].islower()]
    if not long_words:
        return None
    at = rng.choice(long_words)
    word = words[at]
    position = rng.randrange(1, len(word))
    letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[position]])
    words[at] = word[:position] + letter + word[position + 1:]
    changed = " ".join(words)
    return None if _fold(changed) in keys else changed


def _unknown_name(keys, rng):
    while True:
        words = [_pseudo_word(rng) for _ in range(rng.choice((2, 3)))]
        if rng.random() < 0.5:
            words.append(rng.choice(INSTITUTIONS))
        name = " ".join(words)
        if _fold(name) not in keys:
            if rng.random() < 0.2:
                name += " (" + "".join(w[0] for w in words) + ")"
            return name


def make_document(words, aliases, rng):
    """Return a text of exactly ``words`` words naming ``aliases`` (rows of :func:`make_aliases`)."""
    texts = [text for text, _, _ in aliases]
    keys = {_fold(text) for text in texts}
    multi_word = [text for text in texts if " " in text] or texts
    paragraphs, paragraph, left = [], [], words
    while left:
        length = min(rng.randint(12, 30), left)
        sentence = []
        while len(sentence) < length:
            roll, item = rng.random(), None
            if roll < ALIAS_RATE:
                item = _as_written(rng.choice(texts), rng)
            elif roll < ALIAS_RATE + MISSPELT_RATE:
                item = _misspelt(rng.choice(multi_word), keys, rng)
            elif roll < ALIAS_RATE + MISSPELT_RATE + UNKNOWN_RATE:
                item = _unknown_name(keys, rng)
            pieces = item.split() if item else []
            if not pieces or len(sentence) + len(pieces) > length:
                pieces = [rng.choice(FILLER)]
            sentence += pieces
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        paragraph.append(" ".join(sentence) + ".")
        left -= length
        if len(paragraph) >= rng.randint(3, 6) or not left:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    return "\n\n".join(paragraphs) + "\n"


def generate(words, aliases, seed):
    """Return ``(alias rows, document)`` for ``seed``: the same seed gives the same both."""
    rng = random.Random(seed)
    rows = make_aliases(aliases, rng)
    return rows, make_document(words, rows, rng)


# ---------------------------------------------------------------- timing

def median_time(function, runs, setup=None):
    """Return ``(median seconds, every run's seconds, last value)`` of ``runs`` calls; ``setup`` is not timed."""
    times, value = [], None
    for _ in range(runs):
        argument = setup() if setup else None
        started = time.perf_counter()
        value = function(argument) if setup else function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, value


def measure(rows, text, runs):
    """Time every step; return ``[(step, median seconds, every run's seconds, counts)]``."""
    import rdflib

    import spacegraph.core.paths
    from spacegraph.ingest.linking import Alias, AliasIndex
    from spacegraph.ingest.proposals import propose
    from spacegraph.ingest.sentences import split_sentences

    aliases = [Alias(text_, iri, label) for text_, iri, label in rows]
    built = []

    def build():
        built.append(AliasIndex(aliases))
        return built[-1]

    seconds, times, index = median_time(build, runs)
    entities_by_key = {}
    for alias in aliases:
        entities_by_key.setdefault(_fold(alias.text), set()).add(alias.entity)
    shared = sum(1 for entities in entities_by_key.values() if len(entities) > 1)
    steps = [("index", seconds, times, f"{len(aliases):,} aliases, {len(entities_by_key):,} distinct texts, {shared:,} shared")]

    seconds, times, sentences = median_time(lambda: split_sentences(text), runs)
    steps.append(("sentences", seconds, times, f"{len(sentences):,} sentences"))

    seconds, times, mentions = median_time(lambda: index.find(text), runs)
    ambiguous = sum(1 for m in mentions if m.entity is None and m.ambiguous)
    steps.append(("link", seconds, times, f"{len(mentions):,} mentions, {ambiguous:,} ambiguous"))

    ontology = rdflib.Graph()
    ontology.parse(spacegraph.core.paths.ontology_file())
    unused = iter(built)  # each run gets an index whose near-miss word table is not built yet

    def fresh_index():
        ready = next(unused, None)
        return ready if ready is not None else AliasIndex(aliases)

    seconds, times, found = median_time(lambda fresh: propose(text, ontology, index=fresh), runs, setup=fresh_index)
    linked = sum(1 for m in found.mentions if m.entity or m.ambiguous)
    near = sum(1 for m in found.mentions if m.possible)
    steps.append(("propose", seconds, times, f"{linked:,} mentions, {near:,} near misses, "
                                            f"{len(found.new_entities):,} new entities, {len(found.candidates):,} candidates"))
    return steps


# ---------------------------------------------------------------- the report

def _seconds(value):
    return f"{value:.3f}" if value >= 0.001 else "< 0.001"


def _load():
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def report(args, rows, text, steps, load_before, load_after):
    command = (f"python benchmarks/linking.py --words {args.words} --aliases {args.aliases} "
               f"--runs {args.runs} --seed {args.seed}")
    at_target = args.words == TARGET_WORDS and args.aliases == TARGET_ALIASES
    lines = ["# Linking benchmark", "",
             f"`{command}`, {datetime.date.today().isoformat()}.", "",
             f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; load average (1, 5, 15 min) "
             f"{load_before} before the run, {load_after} after.", "",
             f"Document: {len(text.split()):,} words, {len(text):,} characters; "
             f"{len(rows):,} aliases of {len({iri for _, iri, _ in rows}):,} entities.", "",
             "| step | seconds (median) | runs | counts |", "|---|---:|---:|---|"]
    lines += [f"| {step} | {_seconds(seconds)} | {len(times)} | {counts} |" for step, seconds, times, counts in steps]
    lines += ["", "Every run, in order (seconds): " + "; ".join(
        f"{step} {', '.join(_seconds(t) for t in times)}" for step, _, times, _ in steps) + "."]
    target = (f"Target: a {TARGET_WORDS:,}-word document against {TARGET_ALIASES:,} aliases in under {TARGET_SECONDS:g} s"
              + ("." if at_target else f" (this run is another size: {args.words:,} words, {args.aliases:,} aliases)."))
    lines += ["", target, "", f"| step | seconds (median) | under {TARGET_SECONDS:g} s |", "|---|---:|:-:|"]
    lines += [f"| {step} | {_seconds(seconds)} | {'yes' if seconds < TARGET_SECONDS else 'no'} |"
              for step, seconds, _, _ in steps if step in ("link", "propose")]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = Parser(prog="linking.py", description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=bounded("--words", *WORD_LIMITS), default=TARGET_WORDS,
                        help=f"words in the document (default {TARGET_WORDS}; {WORD_LIMITS[0]:,} to {WORD_LIMITS[1]:,})")
    parser.add_argument("--aliases", type=bounded("--aliases", *ALIAS_LIMITS), default=TARGET_ALIASES,
                        help=f"aliases to link (default {TARGET_ALIASES}; {ALIAS_LIMITS[0]:,} to {ALIAS_LIMITS[1]:,})")
    parser.add_argument("--runs", type=bounded("--runs", 1, None), default=3, help="runs per step, for the median (default 3)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generator (default 7)")
    parser.add_argument("--output-dir", type=output_folder, default=HERE / "results",
                        help="where linking.md goes (default benchmarks/results)")
    args = parser.parse_args(argv)

    from spacegraph.core._io import write_files
    from spacegraph.errors import OutputError

    load_before = _load()
    rows, text = generate(args.words, args.aliases, args.seed)
    steps = measure(rows, text, args.runs)
    table = report(args, rows, text, steps, load_before, _load())
    target = args.output_dir / "linking.md"
    try:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        write_files({target: table})
    except (OSError, OutputError) as error:
        sys.exit(f"linking.py: error: cannot write {target}: {error}")
    print(table, end="")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
