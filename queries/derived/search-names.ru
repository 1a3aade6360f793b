# The names `search` looks in, folded once: each label, alternative label and description of
# every entity, its accents (of Latin letters) and case folded as `search` folds the text it is
# given. `search` then compares that text with the folded names alone, without folding every
# name of the graph again at every search.
PREFIX sg:   <https://w3id.org/spacegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX sgd:  <https://w3id.org/spacegraph/derived#>

INSERT { GRAPH sgd:graph { _:name sgd:searchEntity ?entity ; sgd:searchField ?field ; sgd:searchName ?name ;
                                  sgd:searchFolded ?folded } }
WHERE {
  { SELECT DISTINCT ?entity WHERE { ?class rdfs:subClassOf* sg:Entity . ?entity a ?class } }
  { ?entity rdfs:label ?value . BIND ("label" AS ?field) BIND (?value AS ?name) }
  UNION
  { ?entity skos:altLabel ?value . BIND ("alternative label" AS ?field) BIND (?value AS ?name) }
  UNION
  # a description that matches adds "" to the names the search shows
  { ?entity dct:description ?value . BIND ("description" AS ?field) BIND ("" AS ?name) }
  BIND (LCASE(STR(REPLACE(STR(REPLACE(STR(REPLACE(STR(REPLACE(STR(REPLACE(STR(REPLACE(STR(REPLACE(?value,
        "[àáâãäåāÀÁÂÃÄÅĀ]", "a")), "[çćčÇĆČ]", "c")), "[èéêëēęÈÉÊËĒĘ]", "e")), "[ìíîïīÌÍÎÏĪ]", "i")),
        "[ñńÑŃ]", "n")), "[òóôõöøōÒÓÔÕÖØŌ]", "o")), "[ùúûüūÙÚÛÜŪ]", "u"))) AS ?folded)
}
