"""The curated data says what the source says, and only that."""

import hashlib
import json

import pytest
from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS, PROV, SKOS

import spacegraph
from spacegraph.core import paths
from spacegraph.core.model import instances, label_of
from spacegraph.core.namespaces import OA, SG, SGID


def _labels(kg, nodes):
    return {label_of(kg.graph, n) for n in nodes}


CORPUS = ("dod-cmpr2023-space-counterspace", "dod-cmpr2025-space-counterspace", "dod-cmpr2025-forces-partners",
          "wiki-chinese-lunar-exploration-program", "wiki-2025-in-spaceflight-overview")


def test_source_copy_matches_its_metadata():
    meta = json.loads((paths.sources_dir() / "china-trends-22.json").read_text())
    text = (paths.sources_dir() / meta["file"]).read_bytes()
    assert hashlib.sha256(text).hexdigest() == meta["sha256"]
    assert (paths.sources_dir() / "README.md").exists()


def test_the_six_sources_are_documents_of_the_graph_each_with_its_licence(kg):
    """Each corpus document is stored with its description, and its licence travels with it into the graph."""
    g = kg.graph
    documents = {str(d).rsplit("/", 1)[1] for d in g.subjects(SG.textFile, None)}
    assert documents == {"china-trends-22", *CORPUS}
    for slug in CORPUS:
        meta = json.loads((paths.sources_dir() / f"{slug}.json").read_text(encoding="utf-8"))
        assert hashlib.sha256((paths.sources_dir() / f"{slug}.txt").read_bytes()).hexdigest() == meta["sha256"]
        assert str(g.value(SGID[slug], SG.licence)) == meta["licence"]
    for slug in CORPUS[3:]:   # Wikipedia: CC BY-SA 4.0, with its address and the attribution it asks for
        assert str(g.value(SGID[slug], SG.licence)) == "CC BY-SA 4.0"
        assert str(g.value(SGID[slug], SG.licenceUrl)) == "https://creativecommons.org/licenses/by-sa/4.0/"
        assert str(g.value(SGID[slug], SG.attribution)).startswith("From Wikipedia, article")


def test_every_state_that_joined_the_ilrs_is_a_member_and_russia_is_its_development_partner(kg):
    joined = {"Venezuela", "South Africa", "Azerbaijan", "Pakistan", "Belarus", "Egypt", "Thailand",
              "Nicaragua", "Serbia", "Kazakhstan", "Senegal"}
    members = _labels(kg, kg.graph.subjects(SG.memberOf, SGID["ilrs"]))
    assert members == joined  # "have joined the ILRS"; Russia is not among them
    assert (SGID["russia"], SG.developmentPartnerOf, SGID["ilrs"]) in kg.graph
    partnership = SGID["development-partnership-russia-ilrs"]
    assert (partnership, RDF.type, SG.DevelopmentPartnership) in kg.graph
    assert str(kg.graph.value(partnership, SG.roleName)) == "development partner"
    assert kg.graph.value(partnership, SG.complicatedBy) == SGID["war-in-ukraine"]
    roles = {str(kg.graph.value(m, SG.roleName)) for m in kg.graph.subjects(SG.organization, SGID["ilrs"])}
    assert "member providing access to ground stations" in roles and "development partner" in roles


def test_the_april_2024_reorganisation(kg):
    g = kg.graph
    event = SGID["pla-reorganization-2024"]
    assert str(g.value(event, SG.date)) == "2024-04"
    created = _labels(kg, g.objects(event, SG.resultingOrganization))
    assert created == {"Military Aerospace Force", "Cyberspace Force", "Information Support Force"}
    assert _labels(kg, g.objects(event, SG.originalOrganization)) == {"Strategic Support Force"}
    for unit in g.objects(event, SG.resultingOrganization):
        assert (unit, SG.underCommandOf, SGID["central-military-commission"]) in g
        assert (SGID["strategic-support-force"], SG.succeededBy, unit) in g
    assert (SGID["military-aerospace-force"], SG.inheritsResponsibilitiesOf, SGID["space-systems-department"]) in g
    assert str(g.value(SGID["strategic-support-force"], SG.dissolutionDate)) == "2024-04"
    assert str(g.value(SGID["strategic-support-force"], SG.foundingDate)) == "2016"


def test_hosted_station_and_consumer_satcom(kg):
    g = kg.graph
    station = SGID["patagonia-deep-space-station"]
    assert (SGID["argentina"], SG.hosts, station) in g
    # "a Chinese deep-space station": the text gives its nationality, not its operator
    assert (station, SG.nationality, SGID["china"]) in g
    assert (SGID["china"], SG.operates, station) not in g
    assert (station, SG.locatedIn, SGID["patagonia"]) in g
    integrators = _labels(kg, g.subjects(SG.integratesTechnology, SGID["satellite-communication"]))
    assert integrators == {"Huawei", "Xiaomi", "BYD"}


def test_acronyms_are_alt_labels(kg):
    alts = {str(a) for a in kg.graph.objects(None, SKOS.altLabel)}
    assert {"PLA", "SSF", "ASF", "ILRS", "CCP", "SSD"} <= alts


def test_hedged_statements_are_attributed_claims_not_facts(kg):
    g = kg.graph
    claim = SGID["claim-tianwen-3-sputnik-moment"]
    assert (claim, RDF.type, SG.Claim) in g
    assert (claim, SG.claimant, SGID["chinese-experts"]) in g
    quote = str(g.value(g.value(claim, SG.evidence), OA.exact))
    assert quote.startswith("Some Chinese experts suggest")
    # the hedged comparison is not asserted as a rivalry between the missions
    assert (SGID["tianwen-3"], SG.rivals, SGID["mars-sample-return"]) not in g
    for claim in instances(g, SG.Claim):
        assert g.value(claim, SG.claimant) is not None


def test_the_source_document_carries_its_metadata(kg):
    g = kg.graph
    doc = SGID["china-trends-22"]
    meta = json.loads((paths.sources_dir() / "china-trends-22.json").read_text())
    assert str(g.value(doc, SG.url)) == meta["url"]
    assert str(g.value(doc, SG.date)) == meta["published"]
    # the document's own metadata is its description, not a quoted relationship (docs/data-model.md)
    assert str(g.value(doc, DCTERMS.publisher)) == meta["publisher"]
    assert {str(a) for a in g.objects(doc, DCTERMS.creator)} == set(meta["authors"])
    assert (doc, SG.publishedBy, None) not in g and (doc, SG.author, None) not in g
    # only the introduction is said to be part of the issue ("The introduction article to this edition of China Trends")
    assert set(g.subjects(SG.partOf, doc)) == {SGID["article-introduction"]}


def test_every_quote_points_at_a_source_document(kg):
    g = kg.graph
    quotes = set(g.objects(None, SG.evidence))
    assert len(quotes) > 500
    sources = {SGID["china-trends-22"], *(SGID[slug] for slug in CORPUS)}
    assert {g.value(quote, PROV.wasQuotedFrom) for quote in quotes} == sources


def _normal(text):
    return " ".join(text.replace("’", "'").split())


def test_no_quote_rests_on_page_furniture():
    """Every quote occurs in its source's prose: not only on the furniture its description lists (docs/data-model.md)."""
    from spacegraph.validation.quotes import SourceText, furniture_spans, on_furniture

    meta = json.loads((paths.sources_dir() / "china-trends-22.json").read_text(encoding="utf-8"))
    source = SourceText(SOURCE)
    spans = furniture_spans(source, meta["furniture"])
    kinds = {kind for _, _, kind in spans}
    assert {"pull-quote", "image credit", "navigation"} <= kinds and any("related content" in k for k in kinds)
    assert sum(1 for *_, kind in spans if kind == "pull-quote") == 2
    g = spacegraph.load().graph
    quotes = [str(g.value(q, OA.exact)) for q in g.objects(None, SG.evidence)
              if g.value(q, PROV.wasQuotedFrom) == SGID["china-trends-22"]]
    assert len(quotes) > 100
    on_it = {quote: on_furniture(source, spans, quote) for quote in quotes}
    assert {quote: kind for quote, kind in on_it.items() if kind} == {}
    # and the furniture is where the relationships removed from it used to rest
    assert on_furniture(source, spans, "Copyright Image : ADEK BERRY / AFP") == "image credit"
    assert on_furniture(source, spans, "Author Blaine Curcio Founder of Orbital Gateway Consulting").startswith("header")
    pull_quote = ("While China's space sector has not yet reached parity with the United States, its commercial space "
                  "industry is rapidly evolving in a highly competitive environment")
    assert on_furniture(source, spans, pull_quote + ".") == "pull-quote"
    assert on_furniture(source, spans, pull_quote + ", creating the possibility of a national champion emerging within the "
                                                    "next decade.") is None   # the prose that holds it


def test_every_entity_has_a_type_label_and_description(kg):
    g = kg.graph
    for entity in instances(g, SG.Entity):
        assert g.value(entity, RDFS.label) is not None
        assert g.value(entity, DCTERMS.description) is not None


def test_no_external_identifiers_are_invented(kg):
    for _, p, o in kg.graph:
        assert "wikidata.org" not in str(o) and "wikidata.org" not in str(p)


SOURCE = (paths.sources_dir() / "china-trends-22.txt").read_text(encoding="utf-8")


def _quotes_of(g, s, p, o, source=None):
    """The quotes on the statements of the triple s p o (those of ``source`` only, when given)."""
    found = set()
    for statement in g.subjects(RDF.subject, SGID[s]):
        if (statement, RDF.predicate, SG[p]) in g and (statement, RDF.object, SGID[o]) in g:
            found |= {str(g.value(q, OA.exact)) for q in g.objects(statement, SG.evidence)
                      if source is None or g.value(q, PROV.wasQuotedFrom) == SGID[source]}
    return found


@pytest.mark.parametrize("s, p, o, words", [
    ("chinese-commercial-space-companies", "seeksToBreakFreeFrom", "state-owned-enterprises", "break free from the constraints of state-owned enterprises"),
    ("mars-sample-return", "nationality", "europe", "Euro-American Mars Sample Return mission"),
    ("mars-sample-return", "nationality", "united-states", "Euro-American Mars Sample Return mission"),
    ("china", "buildsPartnershipsThrough", "tiangong", "build partnerships through initiatives such as the Tiangong"),
    ("china", "buildsPartnershipsThrough", "international-satellite-programmes", "international satellite programs"),
    ("space-warfare-modernisation", "counters", "united-states", "reduce Chinese military vulnerabilities to U.S. dominance"),
    ("military-aerospace-force", "underCommandOf", "central-military-commission", "under the direct command of the Central Military Commission"),
    ("made-in-china-2025", "prioritizes", "new-energy-vehicles", "advanced materials and new energy vehicles"),
    ("made-in-china-2025", "prioritizes", "digital-infrastructure", "China's digital infrastructure, commercial ports"),
    ("chinese-space-sector", "lagsBehind", "united-states", "has not yet reached parity with the United States"),
    ("western-commercial-space-companies", "reliesOn", "government-contracts", "often rely on government contracts"),
    ("chinese-commercial-space-companies", "contrastedWith", "western-commercial-space-companies", "Unlike their Western counterparts"),
    ("russia", "developmentPartnerOf", "ilrs", "developed in partnership with Russia"),
    ("chinese-commercial-space-companies", "integratesTechnology", "satellite-technology", "integrate satellite technology into everyday applications"),
    ("china", "aimsToLead", "alternative-global-space-alliance", "ambition to lead an alternative global space alliance"),
    ("tiangong", "developedBy", "china", "the completion of the Tiangong space station"),
    ("chinese-experts", "benchmarksAgainst", "united-states", "Chinese discourse often frames its efforts"),
])
def test_relationships_the_source_states_are_in_the_graph(kg, s, p, o, words):
    g = kg.graph
    assert (SGID[s], SG[p], SGID[o]) in g
    quotes = _quotes_of(g, s, p, o, "china-trends-22")
    assert any(words in q for q in quotes), quotes
    assert all(" ".join(q.split()) in " ".join(SOURCE.split()) for q in quotes)


@pytest.mark.parametrize("s, p, o, reason", [
    ("china-trends-22", "listsAsRelated", "china-trends-21", "page furniture: the related-content list"),
    ("china-trends-22", "author", "blaine-curcio", "page furniture: a byline (the authors are the document's description)"),
    ("china-trends-22", "imageCredit", "afp", "page furniture: the image credit"),
    ("institut-montaigne", "operates", "expressions-by-montaigne", "page furniture: the platform's blurb"),
    ("argentina", "partnerOf", "china", "a key node in a strategy is no partnership"),
    ("deepseek", "contrastedWith", "chinese-space-sector", "a juxtaposition says nothing of DeepSeek"),
    ("space-warfare-modernisation", "developedBy", "china", "an effort is not developed by"),
    ("tianwen-3", "nationality", "china", "the text never calls it Chinese"),
    ("article-space-warfare", "partOf", "china-trends-22", "a heading and a byline state nothing"),
])
def test_relationships_china_trends_does_not_state_are_not_quoted_from_it(kg, s, p, o, reason):
    assert not _quotes_of(kg.graph, s, p, o, "china-trends-22"), reason


def test_the_three_forces_are_part_of_the_pla_as_the_2025_report_states_it(kg):
    """China Trends #22 says "under the direct command of the Central Military Commission"; the 2025 report places
    the forces in the PLA, and is cited for it."""
    for force in ("military-aerospace-force", "cyberspace-force", "information-support-force"):
        assert (SGID[force], SG.subOrganizationOf, SGID["peoples-liberation-army"]) in kg.graph
        assert not _quotes_of(kg.graph, force, "subOrganizationOf", "peoples-liberation-army", "china-trends-22")
        assert _quotes_of(kg.graph, force, "subOrganizationOf", "peoples-liberation-army", "dod-cmpr2025-forces-partners")
        assert _quotes_of(kg.graph, force, "underCommandOf", "central-military-commission", "china-trends-22")


@pytest.mark.parametrize("claim, claimants, about, hedge, words", [
    ("claim-big-but-not-strong", {"chinese-experts"}, {"chinese-space-sector"}, None, '"big but not strong,"'),
    ("claim-big-but-not-strong-origin", {"mathieu-duchatel"}, {"made-in-china-2025", "chinese-space-sector"}, None,
     "is drawn from the Made in China 2025 initiative"),
    ("claim-reform-space-warfare-commitment", {"mathieu-duchatel"},
     {"pla-reorganization-2024", "space-warfare-capabilities", "space-warfare-modernisation"}, None, "This reform underscores"),
    ("claim-ilrs-alternative-alliance", {"mathieu-duchatel"}, {"ilrs", "alternative-global-space-alliance"}, None,
     "highlights China's ambition to lead an alternative global space alliance"),
    ("claim-innovation-ladder", {"china"}, {"chinese-companies", "made-in-china-2025"}, "According to that vision",
     "they must climb the innovation ladder"),
    ("claim-trial-and-error", {"mathieu-duchatel"}, {"chinese-space-sector"}, None, "learning through trial and error"),
    ("claim-state-driven-strategy", {"mathieu-duchatel"}, {"chinese-space-programme", "china", "chinese-commercial-space-companies"},
     None, "driven by the state but seeks to draw lessons from private-sector innovation"),
    ("claim-political-statement", {"mathieu-duchatel"}, {"chinese-space-programme"}, None, "it is also a political statement"),
    ("claim-central-to-military-strategy", {"mathieu-duchatel"}, {"chinese-space-programme", "china"}, "perhaps",
     "perhaps more importantly, central to its military strategy"),
    ("claim-great-rejuvenation", {"china"}, {"chinese-space-programme"}, None, "great rejuvenation"),
    ("claim-magnificent-poem", {"leading-chinese-official"}, {"chinese-space-programme"}, "may describe", "may describe the space program"),
    ("claim-private-players", {"blaine-curcio"}, {"chinese-commercial-space-companies"}, None, "growing strategic importance of private players"),
    ("claim-dominant-space-power", {"pierre-pinhas", "raphael-tavanti-geuzimian"}, {"china"}, None, "dominant space power"),
    ("claim-space-in-military-strategy", {"jyh-shyang-sheu"}, {"outer-space", "china"}, None, "significance of space in China’s military strategy"),
    ("claim-space-first-strike-and-hybrid-warfare", {"china"}, {"outer-space"}, None, 'a domain for "first strike" operations'),
    ("claim-space-for-pla-modernisation", {"china"}, {"outer-space", "peoples-liberation-army"}, None, "critical area for modernizing the People's Liberation Army"),
])
def test_attributed_claims_stay_attributed_and_hedged(kg, claim, claimants, about, hedge, words):
    g = kg.graph
    node = SGID[claim]
    assert (node, RDF.type, SG.Claim) in g
    assert {str(c).rsplit("/", 1)[1] for c in g.objects(node, SG.claimant)} == claimants
    assert {str(a).rsplit("/", 1)[1] for a in g.objects(node, SG.about)} == about
    assert (str(g.value(node, SG.hedge)) if g.value(node, SG.hedge) is not None else None) == hedge
    quotes = [str(g.value(q, OA.exact)) for q in g.objects(node, SG.evidence)]
    assert any(words in quote for quote in quotes)
    assert all(" ".join(quote.split()) in " ".join(SOURCE.split()) for quote in quotes)
    if hedge:
        assert any(all(part.strip() in quote for part in hedge.split("…")) for quote in quotes)


def test_the_modernisation_starts_in_the_1990s_as_a_date(kg):
    start = kg.graph.value(SGID["space-warfare-modernisation"], SG.startDate)
    assert str(start) == "1990s" and start.datatype == SG.decade
    G = kg.to_networkx()
    assert G.nodes["sgid:space-warfare-modernisation"]["start"] == "1990-01-01"


def test_statements_that_went_further_than_their_quotes_are_gone(kg):
    g = kg.graph
    assert (SGID["china"], SG.operates, SGID["patagonia-deep-space-station"]) not in g  # nor in the Wikipedia text
    # the summaries' sentences that name no author are the issue's prose, not his claims (docs/data-model.md)
    assert not {SGID["claim-space-gray-zone"], SGID["claim-space-hybrid-operations"]} & set(instances(g, SG.Claim))
    assert (SGID["china"], SG.operates, SGID["tianwen-3"]) not in g  # "placing China years ahead": its nationality
    # "the completion of the Tiangong space station"
    assert not _quotes_of(g, "china", "operates", "tiangong", "china-trends-22")
    assert (SGID["china"], SG.benchmarksAgainst, SGID["united-states"]) not in g
    assert (SGID["chinese-experts"], SG.benchmarksAgainst, SGID["united-states"]) in g  # who does benchmark


def _occurrences(name, text):
    import re

    # a name may run into the next block of the captured page ("Sources from WithinDownload")
    return [m.span() for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![a-z0-9_])", text)]


def test_alternative_labels_are_names_the_source_uses_on_their_own(kg):
    """An alternative label occurs in a source, and not only inside the entity's label ("Xi" in "Xi Jinping")."""
    texts = [SOURCE, *((paths.sources_dir() / f"{slug}.txt").read_text(encoding="utf-8") for slug in CORPUS)]
    text = " \n ".join(" ".join(t.replace("’", "'").split()) for t in texts)
    documents = instances(kg.graph, SG.Document)  # a short title ("China Trends #19") begins the full one
    for entity, alt in kg.graph.subject_objects(SKOS.altLabel):
        if entity in documents:
            assert " ".join(str(alt).split()) in " ".join(text.split()), (entity, alt)
            continue
        name = " ".join(str(alt).replace("’", "'").split())
        label = " ".join(label_of(kg.graph, entity).replace("’", "'").split())
        inside = _occurrences(label, text)
        alone = [(a, b) for a, b in _occurrences(name, text) if not any(x <= a and b <= y for x, y in inside)]
        assert alone, (entity, name)


@pytest.mark.parametrize("entity, unsaid", [
    ("huawei", "Company incorporating satellite communication"),
    ("xiaomi", "Company incorporating satellite communication"),
    ("byd", "Company incorporating satellite communication"),
])
def test_descriptions_say_only_what_the_source_says(kg, entity, unsaid):
    assert unsaid not in str(kg.graph.value(SGID[entity], DCTERMS.description))


def test_a_hedged_relationship_keeps_its_hedge(kg):
    """"which often rely on government contracts": the triple's statement carries the hedge, and so does its edge."""
    g = kg.graph
    statement = next(s for s in g.subjects(RDF.subject, SGID["western-commercial-space-companies"])
                     if (s, RDF.predicate, SG.reliesOn) in g)
    assert str(g.value(statement, SG.hedge)) == "often"
    edge = kg.to_networkx().edges["sgid:western-commercial-space-companies", "sgid:government-contracts", "sg:reliesOn"]
    assert edge["hedge"] == "often"



# ---------------------------------------------------------------- each ingested source's own answers


def _stated_by(kg, source, predicate, obj=None, subject=None):
    """The subjects (or objects) of ``predicate`` that a statement quoting ``source`` backs."""
    g = kg.graph
    found = set()
    for statement in g.subjects(RDF.predicate, SG[predicate]):
        s, o = g.value(statement, RDF.subject), g.value(statement, RDF.object)
        if (obj is None or o == SGID[obj]) and (subject is None or s == SGID[subject]) and any(
                g.value(q, PROV.wasQuotedFrom) == SGID[source] for q in g.objects(statement, SG.evidence)):
            found.add(str(s if obj is not None else o).rsplit("/", 1)[1])
    return found


def test_the_2025_report_names_the_ilrs_participants_of_2024(kg):
    # "In 2024, Senegal became the latest country to join ... and entities from the United Arab Emirates, Switzerland,
    # Panama, Serbia, Pakistan, South Africa, and Indonesia signed agreements on ILRS cooperation."
    assert _stated_by(kg, "dod-cmpr2025-space-counterspace", "memberOf", "ilrs") == {"senegal"}
    assert _stated_by(kg, "dod-cmpr2025-space-counterspace", "developmentPartnerOf", "ilrs") == {
        "united-arab-emirates", "switzerland", "panama", "serbia", "pakistan", "south-africa", "indonesia"}
    membership = SGID["membership-senegal-ilrs"]
    assert str(kg.graph.value(membership, SG.startDate)) == "2024"   # dated by the report that says so
    assert "sgid:senegal" in kg.to_networkx(as_of="2024-06-01") and kg.to_networkx(as_of="2023-06-01").has_node("sgid:senegal")
    assert not kg.to_networkx(as_of="2023-06-01").has_edge("sgid:senegal", "sgid:ilrs")
    assert kg.to_networkx(as_of="2024-06-01").has_edge("sgid:senegal", "sgid:ilrs")
    # the cooperation agreements are dated 2024 too, by the same sentence
    assert not kg.to_networkx(as_of="2023-06-01").has_edge("sgid:switzerland", "sgid:ilrs")
    edge = kg.to_networkx(as_of="2024-06-01").edges["sgid:switzerland", "sgid:ilrs", "sg:developmentPartnerOf"]
    assert edge["start"] == "2024-01-01" and edge["role"] == "signatory of an agreement on ILRS cooperation"


def test_the_2023_report_places_the_space_systems_department_in_the_ssf(kg):
    assert _stated_by(kg, "dod-cmpr2023-space-counterspace", "subOrganizationOf", subject="space-systems-department") >= {
        "strategic-support-force"}
    # the department and the force that inherited its responsibilities are two actors (docs/data-model.md)
    assert (SGID["military-aerospace-force"], SG.inheritsResponsibilitiesOf, SGID["space-systems-department"]) in kg.graph


def test_the_2025_report_dates_the_ssf_and_places_the_new_forces(kg):
    g = kg.graph
    assert _stated_by(kg, "dod-cmpr2025-forces-partners", "underCommandOf", "central-military-commission") >= {
        "strategic-support-force", "military-aerospace-force", "cyberspace-force", "information-support-force"}
    dates = {(str(g.value(st, RDF.predicate)).rsplit("#", 1)[1], str(g.value(st, RDF.object)))
             for st in g.subjects(RDF.subject, SGID["strategic-support-force"])
             if any(g.value(q, PROV.wasQuotedFrom) == SGID["dod-cmpr2025-forces-partners"] for q in g.objects(st, SG.evidence))
             and g.value(st, RDF.predicate) in (SG.foundingDate, SG.dissolutionDate)}
    assert dates == {("foundingDate", "2016"), ("dissolutionDate", "2024-04")}


def test_the_lunar_programme_article_names_the_members_of_the_ilrs_organisation(kg):
    # "China announced on April 24 the International Lunar Research Station Cooperation Organization (ILRSCO) with
    # members including: China, Russia, South Africa, Belarus, Azerbaijan, Venezuela, Pakistan and Egypt."
    members = _stated_by(kg, "wiki-chinese-lunar-exploration-program", "memberOf",
                         "international-lunar-research-station-cooperation")
    assert members >= {"russia", "south-africa", "belarus", "azerbaijan", "venezuela", "pakistan", "egypt"}
    # an organisation of its own, not the station the states joined
    assert SGID["international-lunar-research-station-cooperation"] != SGID["ilrs"]


def test_the_2025_spaceflight_article_gives_tianwen_2_its_destination(kg):
    assert _stated_by(kg, "wiki-2025-in-spaceflight-overview", "destination", subject="tianwen-2") >= {"469219-kamo-oalewa"}
    assert "ZhengHe" in {str(a) for a in kg.graph.objects(SGID["tianwen-2"], SKOS.altLabel)}   # one node, both names


def test_the_sources_page_gives_the_figures_stats_gives(kg):
    """docs/sources.md: each source's relationships and quotes, and the totals, as `spacegraph stats` counts them."""
    import re

    page = (paths.data_root() / "docs" / "sources.md").read_text(encoding="utf-8")
    stats = kg.stats()
    table = page.split("\n\n")[2]
    rows = [line.split("|") for line in table.splitlines()[2:]]
    figures = sorted((int(cells[-3].replace(",", "")), int(cells[-2].replace(",", ""))) for cells in rows)
    assert figures == sorted((row["relationships"], row["quotes"]) for row in stats.by_source)
    total = re.search(r"\*\*([\d,]+) entities, ([\d,]+) relationships, ([\d,]+) quotes\*\* \(([\d,]+) distinct passages\)", page)
    assert tuple(int(n.replace(",", "")) for n in total.groups()) == (
        stats.entity_count, stats.relationship_count, stats.quotes, stats.distinct_quotes)
