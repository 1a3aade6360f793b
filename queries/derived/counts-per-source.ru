# For each source, how many quotes and passages it gives and how many entities and relationships
# they back, as `sources` reads them.
# A source backs a relationship, counted as `relationship-counts` counts them, when one of its
# quotes is on the relationship's rdf:Statement or on a node that qualifies it, or on the node
# that stands alone (an attributed claim); and the entities that take part in that relationship
# (as `most-connected` reads taking part). A relationship two sources state counts for each.
PREFIX sg:   <https://w3id.org/spacegraph/ontology#>
PREFIX sgid: <https://w3id.org/spacegraph/id/>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX sgd:  <https://w3id.org/spacegraph/derived#>

INSERT { GRAPH sgd:graph { ?source sgd:quotes ?quotes ; sgd:passages ?passages } }
WHERE {
  { SELECT ?source (COUNT(DISTINCT ?quote) AS ?quotes) (COUNT(DISTINCT ?passage) AS ?passages)
    WHERE { ?quote prov:wasQuotedFrom ?source ; oa:exact ?passage .
            ?evidenced sg:evidence ?quote . }
    GROUP BY ?source }
} ;

INSERT { GRAPH sgd:graph { ?source sgd:backedEntities ?backedEntities ;
                                                          sgd:backedRelationships ?backedRelationships } }
WHERE {
  {
    SELECT ?source (COUNT(DISTINCT ?relationship) AS ?backedRelationships) (COUNT(DISTINCT ?entity) AS ?backedEntities)
    WHERE {
      {
        # a direct triple between two entities that a quote of the source backs...
        # (each step a subquery of its own, so that the engine joins them in this order)
        { SELECT DISTINCT ?source ?subject ?predicate ?object
          WHERE {
            { SELECT ?subject ?predicate ?object ?quote
              WHERE { { ?statement rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ; sg:evidence ?quote }
                      UNION
                      { ?class sg:unqualifiedForm ?predicate ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole .
                        ?type rdfs:subClassOf* ?class .
                        ?node a ?type ; ?subjectRole ?subject ; ?objectRole ?object ; sg:evidence ?quote } } }
            ?quote prov:wasQuotedFrom ?source .
            ?subject ?predicate ?object .
            { SELECT ?predicate WHERE { ?predicate a owl:ObjectProperty } }
            FILTER (?predicate != sg:evidence)
            { SELECT DISTINCT ?subject WHERE { ?subjectClass rdfs:subClassOf* sg:Entity . ?subject a ?subjectClass } }
            { SELECT DISTINCT ?object WHERE { ?objectClass rdfs:subClassOf* sg:Entity . ?object a ?objectClass } } } }
        BIND (CONCAT(STR(?subject), " ", STR(?predicate), " ", STR(?object)) AS ?relationship)
        # ...in which take part its subject, its object and what else a node that qualifies it links to
        # (each step a subquery of its own, so that the engine joins them in this order)
        OPTIONAL { SELECT DISTINCT ?subject ?predicate ?object ?other
                   WHERE { { SELECT ?node ?subject ?predicate ?object ?subjectRole ?objectRole
                             WHERE { ?class sg:unqualifiedForm ?predicate ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole .
                                     ?type rdfs:subClassOf* ?class .
                                     ?node a ?type ; ?subjectRole ?subject ; ?objectRole ?object } }
                           ?node ?link ?other .
                           FILTER (?link NOT IN (?subjectRole, ?objectRole, sg:evidence))
                           { SELECT ?link WHERE { ?link a owl:ObjectProperty } }
                           { SELECT DISTINCT ?other WHERE { ?otherClass rdfs:subClassOf* sg:Entity . ?other a ?otherClass } } } }
        VALUES ?end { "subject" "object" "other" }
        BIND (IF(?end = "subject", ?subject, IF(?end = "object", ?object, ?other)) AS ?entity)
      } UNION {
        # a relationship node that stands alone, which a quote of the source backs, and everything it links to
        { SELECT DISTINCT ?node
          WHERE { ?class rdfs:subClassOf* sg:Relationship .
                  ?node a ?class .
                  MINUS { SELECT DISTINCT ?node
                          WHERE { ?declared sg:unqualifiedForm ?form ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole .
                                  ?type rdfs:subClassOf* ?declared .
                                  ?node a ?type ; ?subjectRole ?subject ; ?objectRole ?object .
                                  ?subject ?form ?object } } } }
        ?node sg:evidence ?quote .
        ?quote prov:wasQuotedFrom ?source .
        BIND (STR(?node) AS ?relationship)
        OPTIONAL { ?node ?link ?entity .
                   ?link a owl:ObjectProperty .
                   FILTER (?link != sg:evidence)
                   { SELECT DISTINCT ?entity WHERE { ?entityClass rdfs:subClassOf* sg:Entity . ?entity a ?entityClass } } }
      }
    }
    GROUP BY ?source }
}
