"""How ingest reads names: known actors however a text writes them, new names that are names, whole names, one row per actor."""

import pytest

from spacegraph.ingest.proposals import propose
from spacegraph.ingest.sheet import rows_from_proposals

ID = "https://w3id.org/spacegraph/id/"
SG = "https://w3id.org/spacegraph/ontology#"
ORDINARY = {"people", "navigation", "technology", "landed", "brought", "operated", "build", "how"}


@pytest.fixture(scope="module")
def kg(china_trends_kg):
    """The graph of China Trends #22 alone: the names these texts use are new to it, as they were when it was the whole graph."""
    return china_trends_kg


def read(kg, text, vocabulary=ORDINARY):
    return propose(text, kg.graph, vocabulary=vocabulary)


def known(found):
    return [(m.text, m.entity.rsplit("/", 1)[1]) for m in found.mentions if m.entity]


def new(found):
    return {n.name: n.aliases for n in found.new_entities}


# ---------------------------------------------------------------- known actors, however a text writes them


@pytest.mark.parametrize("text, written", [
    ("The Chinese space program grew.", "Chinese space program"),            # US spelling of the graph's "programme"
    ("The CHINESE SPACE PROGRAMME grew.", "CHINESE SPACE PROGRAMME"),        # case
    ("Chang-e 5 flew.", "Chang-e 5"),                                       # hyphen and apostrophe variants
    ("Chang'e 5 flew.", "Chang'e 5"),
    ("China's rockets flew.", "China"),                                     # a possessive
])
def test_known_actors_are_linked_however_the_text_writes_them(kg, text, written):
    assert written in [t for t, _ in known(read(kg, text))]


@pytest.mark.slow
def test_aliases_such_as_zhongguo_for_china_are_data_on_the_actor_not_code(kg):
    import rdflib

    graph = rdflib.Graph()
    for triple in kg.graph:
        graph.add(triple)
    assert ("Zhongguo", "china") not in known(propose("Zhongguo launched it.", graph))
    graph.add((rdflib.URIRef(ID + "china"), rdflib.URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), rdflib.Literal("Zhongguo")))
    assert ("Zhongguo", "china") in known(propose("Zhongguo launched it.", graph))


@pytest.mark.parametrize("text, written, key", [
    ("The PRC launched it.", "PRC", "china"),                                  # initials of its ISO 3166-1 official name
    ("The People's Republic of China launched it.", "People's Republic of China", "china"),
    ("The USA launched it.", "USA", "united-states"),
])
def test_a_state_goes_by_its_official_name_and_its_initials(kg, text, written, key):
    assert (written, key) in known(read(kg, text))


@pytest.mark.parametrize("text, written, key", [
    ("The Central Military Commission (CMC) met. The CMC met again.", "CMC", "central-military-commission"),  # defined
    ("Jammers target SATCOM over many bands.", "SATCOM", "satellite-communication"),   # spells one known name
    ("The Cyber Space Force grew.", "Cyber Space Force", "cyberspace-force"),            # spaced otherwise
    ("The Aerospace Force grew.", "Aerospace Force", "military-aerospace-force"),        # without its first word
    ("In 2021, Xi stated that space mattered.", "Xi", "xi-jinping"),                     # one word of a person's name
])
def test_a_known_actor_named_short_is_linked(kg, text, written, key):
    found = read(kg, text)
    assert (written, key) in known(found)
    assert not any(written in name for name in new(found))


@pytest.mark.parametrize("text, written", [
    ("Xi Mingze met Xi Jinping.", "Xi Mingze"),               # the word opens another person's name
    ("The Space Force grew.", "Space Force"),                  # no known actor's name ends so alone
])
def test_a_short_name_that_may_be_another_actor_is_not_linked(kg, text, written):
    assert written not in [t for t, _ in known(read(kg, text))]


@pytest.mark.parametrize("text, term", [
    ("Its space-based ISR grew and jammers deny ISR to others.", "ISR"),
    ("The PNT service of the PRC is used for high-accuracy PNT.", "PNT"),
    ("A test using in situ resource utilization (ISRU) flew.", "ISRU"),
])
def test_an_acronym_used_only_as_a_term_is_no_new_actor(kg, text, term):
    assert term not in new(read(kg, text))


@pytest.mark.parametrize("text, acronym", [
    ("Deals with the ACME grew, and ACME flew.", "ACME"),      # takes the article
    ("Deals with ZETA's probes grew.", "ZETA"),                # takes a possessive
    ("The probe, launched by ZETA, flew.", "ZETA"),            # only ever after a function word
])
def test_an_acronym_used_as_a_name_stays_a_new_actor(kg, text, acronym):
    assert acronym in new(read(kg, text))


@pytest.mark.parametrize("text, known_name, new_name", [
    ("It supports future PLA EW operations.", "PLA", "EW"),
    ("Fram2 launched aboard a SpaceX Falcon 9 rocket.", "SpaceX", "Falcon 9"),
])
def test_a_known_actor_opening_a_name_of_its_own_is_cut_off(kg, text, known_name, new_name):
    found = read(kg, text)
    assert known_name in [t for t, _ in known(found)]
    assert new_name in new(found)


@pytest.mark.parametrize("name", ["Chang'e-4", "Chang'e 6", "Tianwen-3A", "Chang'e 5-T1"])
def test_a_numbered_name_is_never_hinted_as_another_number(kg, name):
    found = read(kg, f"The mission {name} flew in May.")
    assert not any(m.possible for m in found.mentions)
    assert ID + "change-5" not in {m.entity for m in found.mentions}


def test_a_known_person_named_again_by_one_word_is_linked(kg):
    found = read(kg, "Xi Jinping spoke first. Later, Xi spoke again.")
    assert known(found) == [("Xi Jinping", "xi-jinping"), ("Xi", "xi-jinping")]
    assert new(found) == {}


# ---------------------------------------------------------------- new names that are names


@pytest.mark.parametrize("text", [
    "Brought back samples, the probe flew.",                          # a verb opening a sentence
    "- Landed near the pole\n- Operated for a year",                 # verbs opening list items
    "Technology matters here. How it works is unclear.",             # generic words opening sentences
    "Chinese firms met Russian agencies and Japanese officials.",     # adjectives of nationality
    "It orbits in low earth orbit (LEO), and LEO is crowded.",       # an acronym of a term in lower case
])
def test_words_that_only_open_a_sentence_and_terms_are_no_names(kg, text):
    assert new(read(kg, text)) == {}


def test_a_word_that_opens_a_sentence_counts_when_the_text_also_capitalises_it_mid_sentence(kg):
    assert "Landspace" in new(read(kg, "Landspace launched first. A rocket of Landspace flew."))


def test_a_name_that_holds_a_number_counts_even_when_it_opens_a_sentence(kg):
    assert "Zhuque-3" in new(read(kg, "Zhuque-3 flew in December."))


# ---------------------------------------------------------------- whole names


@pytest.mark.parametrize("text, name, acronym", [
    ("The China Aerospace Science and Technology Corporation (CASC) builds rockets.",
     "China Aerospace Science and Technology Corporation", "CASC"),
    ("The State Administration for Science, Technology and Industry for National Defense (SASTIND) approved it.",
     "State Administration for Science, Technology and Industry for National Defense", "SASTIND"),
    ("China Satellite Launch and Tracking Control General (CLTC) tracked it.",
     "China Satellite Launch and Tracking Control General", "CLTC"),
    ("It tested Quantum Experimentation at Space Scale (QUESS) in orbit.", "Quantum Experimentation at Space Scale", "QUESS"),
])
def test_an_acronym_keeps_a_long_name_whole(kg, text, name, acronym):
    assert new(read(kg, text)) == {name: [acronym]}


def test_names_joined_by_s_of_and_and_stay_one_when_they_are_one(kg):
    found = new(read(kg, "The National People's Congress met. The Institute for Space Law wrote."))
    assert set(found) == {"National People's Congress", "Institute for Space Law"}


def test_two_names_joined_by_and_the_stay_two(kg):
    found = new(read(kg, "The National Space Science Center and the Purple Mountain Observatory worked together."))
    assert set(found) == {"National Space Science Center", "Purple Mountain Observatory"}


def test_a_list_of_names_is_not_one_name(kg):
    assert set(new(read(kg, "It met Spacety and Landspace in Beijing."))) == {"Spacety", "Landspace"}


def test_headings_and_captions_never_run_into_the_next_sentence(kg):
    found = read(kg, "Zhurong Mars Rover\n\nChina landed the Zhurong rover on Mars in 2021.")
    assert "Zhurong Mars Rover China" not in new(found) and "Zhurong" in new(found)


def test_list_items_without_a_full_stop_are_read_as_text(kg):
    found = read(kg, "What it did:\n\n- Landed the Zhurong rover on Mars\n\n- Built the Tiangong station")
    assert "Zhurong" in new(found) and ("Mars", "mars") in known(found)


def test_a_state_or_a_nationality_before_a_name_is_not_part_of_it(kg):
    found = new(read(kg, "The U.S. Saturn V rocket and the American Artemis Program were compared."))
    assert {"Saturn V", "Artemis Program"} <= set(found)


# ---------------------------------------------------------------- one row per actor


def test_an_acronym_and_its_long_form_are_one_row(kg):
    found = new(read(kg, "The China National Space Administration (CNSA) flew. CNSA then landed."))
    assert found == {"China National Space Administration": ["CNSA"]}


def test_a_title_and_a_surname_are_the_full_name(kg):
    found = read(kg, "Elon Musk founded SpaceX. Mr Musk said the rocket flew.")
    assert new(found) == {"Elon Musk": ["Musk"]}
    assert {n.name: n.cls.rsplit("#", 1)[1] for n in found.new_entities} == {"Elon Musk": "Person"}


def test_a_short_form_the_text_introduces_is_an_alias(kg):
    found = new(read(kg, "Zhuque-3 (ZQ-3) is built by Space Pioneer (Pioneer). ZQ-3 flew, and Pioneer celebrated."))
    assert found == {"Zhuque-3": ["ZQ-3"], "Space Pioneer": ["Pioneer"]}


@pytest.mark.parametrize("text, expected", [
    ("It flew an altimeter of the German Aerospace Center (DLR). DLR mapped it.", {"German Aerospace Center": ["DLR"]}),
    ("The Chinese Lunar Exploration Program (CLEP ; Chinese: 中国探月工程; pinyin: Zhōngguó Tànyuè Gōngchéng) flew.",
     {"Chinese Lunar Exploration Program": ["CLEP"]}),              # a gloss in another language proposes nothing
    ("The Chinese Lunar Exploration Program (CLEP), also known as the Chang'e Project, flew. The CLEP landed.",
     {"Chinese Lunar Exploration Program": ["CLEP", "Chang'e Project"]}),
])
def test_an_acronym_in_its_own_language_a_gloss_and_also_known_as_give_one_row(kg, text, expected):
    assert new(read(kg, text)) == expected


def test_a_name_the_text_gives_to_a_known_actor_is_proposed_as_its_alias(kg):
    found = read(kg, "The Strategic Support Force, formerly called the Space Arm Corps, flew.")
    (entry,) = found.new_entities
    assert (entry.name, entry.same_as) == ("Space Arm Corps", ID + "strategic-support-force")
    (row,) = [r for r in rows_from_proposals(found) if r.kind == "actor"]
    assert row.same_as == "sgid:strategic-support-force" and "another name of sgid:strategic-support-force" in row.note


def test_actors_that_share_a_word_are_not_merged(kg):
    found = new(read(kg, "The National People's Congress and the U.S. Congress disagree. Congress met."))
    assert {"National People's Congress", "U.S. Congress"} <= set(found)
    assert all("Congress" not in aliases for aliases in found.values())


# ---------------------------------------------------------------- classes, ranked with their reasons


@pytest.mark.parametrize("text, name, cls, reason", [
    ("The Long March 7 rocket flew.", "Long March 7", "LaunchVehicle", "followed by 'rocket'"),
    ("It flew from the Wenchang Space Launch Center.", "Wenchang Space Launch Center", "Facility", "the name ends in 'launch center'"),
    ("The Aurora Launch Corporation flew.", "Aurora Launch Corporation", "Company", "the name ends in 'corporation'"),
    ("Gen. Li Wei spoke.", "Li Wei", "Person", "after 'Gen.'"),
    ("The Kestrel-2 flew.", "Kestrel-2", "Mission", "a name ending in a number"),
    ("Tracking help came from stations in Namibia.", "Namibia", "State", "a name of ISO 3166-1"),
])
def test_each_new_actor_gets_ranked_classes_with_reasons(kg, text, name, cls, reason):
    entity = next(n for n in read(kg, text).new_entities if n.name == name)
    assert entity.classes[0].cls == SG + cls
    assert reason in entity.classes[0].reason
    assert [c.score for c in entity.classes] == sorted((c.score for c in entity.classes), reverse=True)


def test_every_new_actor_has_three_classes_to_pick_when_the_model_can_guess(kg):
    from spacegraph.ingest.learning import train_model

    found = propose("The Soviet Union and the United Nations met the Gulf War envoys.", kg.graph,
                    model=train_model(kg.graph, measure=False))
    assert {n.name for n in found.new_entities} >= {"Soviet Union", "United Nations"}
    assert all(len(n.classes) == 3 and n.cls for n in found.new_entities)
    guessed = [c for n in found.new_entities for c in n.classes if c.reason.startswith("the model's guess")]
    assert guessed and all(c.score <= 0.3 for c in guessed)


def test_a_class_the_model_only_guesses_rules_no_predicate_out(kg):
    from spacegraph.ingest.learning import train_model

    found = propose("Argentina hosts Zorblax.", kg.graph, model=train_model(kg.graph, measure=False))
    (entry,) = found.new_entities
    assert entry.classes[0].reason.startswith("the model's guess")     # a state, by its guess: no state is hosted
    (row,) = found.candidates
    assert row.choices[0].predicate.endswith("#hosts") and row.choices[0].reason.startswith("cue phrase 'hosts'")


@pytest.mark.parametrize("text, hedge", [
    ("In May 2021, China landed the Zhurong rover on Mars.", ""),                 # the month, before a year
    ("Chang'e 6, launched on 3 May 2024, reached the Moon.", ""),                  # the month, after a day
    ("China may land the Zhurong rover on Mars.", "may"),                          # a hedge
])
def test_the_month_may_is_no_hedge(kg, text, hedge):
    found = read(kg, text)
    assert found.candidates
    assert {c.hedge for c in found.candidates} == {hedge}
