"""Namespaces of the spacegraph vocabulary and instance data.

``SG`` is a closed namespace: a misspelt term such as ``SG.hostz`` raises
``AttributeError`` instead of silently minting a new IRI. A test keeps it in
step with ``ontology/spacegraph.ttl``.

Examples
--------
>>> from spacegraph.core.namespaces import SG, SGID
>>> str(SG.hosts)
'https://w3id.org/spacegraph/ontology#hosts'
>>> str(SGID["argentina"])
'https://w3id.org/spacegraph/id/argentina'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .prefixes import PREFIXES

__all__ = ["SG", "SGID", "OA", "PREFIXES", "bind_prefixes"]

SGID = Namespace(PREFIXES["sgid"])
OA = Namespace(PREFIXES["oa"])


class SG(DefinedNamespace):
    """The spacegraph vocabulary (``ontology/spacegraph.ttl``)."""

    _NS = Namespace(PREFIXES["sg"])
    _fail = True

    # classes
    Entity: URIRef
    Agent: URIRef
    Relationship: URIRef
    Quote: URIRef
    State: URIRef
    Region: URIRef
    CelestialBody: URIRef
    Organization: URIRef
    GovernmentAgency: URIRef
    MilitaryOrganization: URIRef
    ArmedForce: URIRef
    MilitaryUnit: URIRef
    MilitaryCommand: URIRef
    PoliticalParty: URIRef
    Company: URIRef
    StateOwnedCompany: URIRef
    PrivateCompany: URIRef
    ResearchInstitute: URIRef
    MediaOutlet: URIRef
    ActorGroup: URIRef
    Person: URIRef
    Mission: URIRef
    Programme: URIRef
    Policy: URIRef
    Facility: URIRef
    GroundStation: URIRef
    DeepSpaceStation: URIRef
    SpaceStation: URIRef
    LaunchVehicle: URIRef
    SatelliteConstellation: URIRef
    Technology: URIRef
    ProductCategory: URIRef
    Sector: URIRef
    Domain: URIRef
    Resource: URIRef
    FrequencySpectrum: URIRef
    Event: URIRef
    Reorganization: URIRef
    War: URIRef
    Document: URIRef
    Report: URIRef
    Article: URIRef
    Series: URIRef
    Participation: URIRef
    Membership: URIRef
    DevelopmentPartnership: URIRef
    TechnologyIntegration: URIRef
    Claim: URIRef

    # relationships between entities
    hosts: URIRef
    providesAccessTo: URIRef
    operates: URIRef
    developedBy: URIRef
    memberOf: URIRef
    developmentPartnerOf: URIRef
    affiliatedWith: URIRef
    partnerOf: URIRef
    underCommandOf: URIRef
    subOrganizationOf: URIRef
    armedForceOf: URIRef
    originalOrganization: URIRef
    resultingOrganization: URIRef
    reorganizes: URIRef
    undertakenBy: URIRef
    succeededBy: URIRef
    inheritsResponsibilitiesOf: URIRef
    integratesTechnology: URIRef
    encourages: URIRef
    oversees: URIRef
    develops: URIRef
    benchmarksAgainst: URIRef
    disregards: URIRef
    rivals: URIRef
    seeksShareOf: URIRef
    prioritizes: URIRef
    lendsLegitimacyTo: URIRef
    destination: URIRef
    launchedAboard: URIRef
    launchedFrom: URIRef
    supports: URIRef
    leaderOf: URIRef
    initiatedBy: URIRef
    founderOf: URIRef
    locatedIn: URIRef
    partOf: URIRef
    author: URIRef
    publishedBy: URIRef
    imageCredit: URIRef
    listsAsRelated: URIRef
    nationality: URIRef
    buildsPartnershipsThrough: URIRef
    aimsToLead: URIRef
    counters: URIRef
    lagsBehind: URIRef
    contrastedWith: URIRef
    reliesOn: URIRef
    seeksToBreakFreeFrom: URIRef

    # properties of relationship nodes
    participant: URIRef
    member: URIRef
    organization: URIRef
    roleName: URIRef
    complicatedBy: URIRef
    contributes: URIRef
    integrator: URIRef
    technology: URIRef
    product: URIRef
    claimant: URIRef
    about: URIRef
    claimText: URIRef
    hedge: URIRef

    # how relationship nodes relate to direct triples and to edges
    subjectRole: URIRef
    objectRole: URIRef
    unqualifiedForm: URIRef
    edgeLabel: URIRef
    networkKind: URIRef
    kindColour: URIRef
    kindShape: URIRef

    # the cues behind ingest's proposals
    cuePhrase: URIRef
    inverseCuePhrase: URIRef
    nameCue: URIRef
    precedingCue: URIRef
    followingCue: URIRef
    contextCue: URIRef
    nameList: URIRef
    namePattern: URIRef
    hedgeCue: URIRef

    # provenance
    evidence: URIRef
    textFile: URIRef
    sha256: URIRef
    ingestedOn: URIRef
    licence: URIRef
    licenceUrl: URIRef
    attribution: URIRef

    # dates and descriptive literals
    decade: URIRef
    foundingDate: URIRef
    dissolutionDate: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    targetStartDate: URIRef
    targetEndDate: URIRef
    url: URIRef
    jobTitle: URIRef


def bind_prefixes(graph):
    """Bind the project's prefixes on ``graph`` and return it.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = bind_prefixes(Graph())
    >>> g.qname(SGID["china"])
    'sgid:china'
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
