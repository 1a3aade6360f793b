# How many relationships each entity takes part in, as `most-connected` reads them.
# Relationships are counted as `relationship-counts` counts them: a direct triple and the node
# that qualifies it are one relationship. An entity takes part in a triple as its subject or
# object, or as something else a qualifying node links to (the ground stations a member
# contributes); and in a node that stands alone (an attributed claim) as anything it links to.
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

INSERT { GRAPH sgd:graph { ?entity sgd:relationships ?relationships } }
WHERE {
  { SELECT ?entity (COUNT(*) AS ?relationships)
    WHERE {
      {
        # each direct triple between two entities, for its subject...
        ?predicate a owl:ObjectProperty .
        FILTER (?predicate != sg:evidence)
        ?entity ?predicate ?object .
        { SELECT DISTINCT ?entity WHERE { ?class rdfs:subClassOf* sg:Entity . ?entity a ?class } }
        { SELECT DISTINCT ?object WHERE { ?class rdfs:subClassOf* sg:Entity . ?object a ?class } }
      } UNION {
        # ...and for its object (a triple from an entity to itself counts once)
        ?predicate a owl:ObjectProperty .
        FILTER (?predicate != sg:evidence)
        ?subject ?predicate ?entity .
        FILTER (?subject != ?entity)
        { SELECT DISTINCT ?subject WHERE { ?class rdfs:subClassOf* sg:Entity . ?subject a ?class } }
        { SELECT DISTINCT ?entity WHERE { ?class rdfs:subClassOf* sg:Entity . ?entity a ?class } }
      } UNION {
        # what else a node that qualifies a stated triple links to takes part in that triple
        # (each step a subquery of its own, so that the engine joins them in this order)
        SELECT DISTINCT ?entity ?subject ?predicate ?object
        WHERE { { SELECT ?node ?subject ?predicate ?object ?subjectRole ?objectRole
                  WHERE { ?class sg:unqualifiedForm ?predicate ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole .
                          ?type rdfs:subClassOf* ?class .
                          ?node a ?type ; ?subjectRole ?subject ; ?objectRole ?object .
                          ?subject ?predicate ?object } }
                ?node ?link ?entity .
                FILTER (?link NOT IN (?subjectRole, ?objectRole, sg:evidence) && ?entity != ?subject && ?entity != ?object)
                { SELECT ?link WHERE { ?link a owl:ObjectProperty } }
                { SELECT DISTINCT ?entity WHERE { ?entityClass rdfs:subClassOf* sg:Entity . ?entity a ?entityClass } } }
      } UNION {
        # a relationship node that stands alone (an attributed claim): everything it links to
        SELECT DISTINCT ?entity ?node
        WHERE { { SELECT DISTINCT ?node
                  WHERE { ?class rdfs:subClassOf* sg:Relationship .
                          ?node a ?class .
                          MINUS { SELECT DISTINCT ?node
                                  WHERE { ?declared sg:unqualifiedForm ?form ; sg:subjectRole ?subjectRole ; sg:objectRole ?objectRole .
                                          ?type rdfs:subClassOf* ?declared .
                                          ?node a ?type ; ?subjectRole ?subject ; ?objectRole ?object .
                                          ?subject ?form ?object } } } }
                ?node ?link ?entity .
                FILTER (?link != sg:evidence)
                { SELECT ?link WHERE { ?link a owl:ObjectProperty } }
                { SELECT DISTINCT ?entity WHERE { ?entityClass rdfs:subClassOf* sg:Entity . ?entity a ?entityClass } } }
      }
    }
    GROUP BY ?entity }
}
