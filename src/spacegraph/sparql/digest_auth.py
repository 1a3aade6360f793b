"""HTTP Digest authentication (RFC 7616), the scheme Virtuoso's Graph Store endpoint asks for.

The password never travels: the client answers the server's challenge (a
nonce) with a hash of the user name, the password, the nonce and the request.
Only ``Digest`` challenges are answered, with MD5 or SHA-256 and ``qop=auth``
(or no ``qop``, as RFC 2069 servers send).

Examples
--------
>>> challenge = 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"'
>>> header = authorization(challenge, "PUT", "/sparql-graph-crud-auth?graph=g", "dba", "dba", cnonce="0a4f113b")
>>> header.split(", ")[:3]
['Digest username="dba"', 'realm="SPARQL"', 'nonce="abc"']
"""

import hashlib
import secrets
import urllib.request

from ..errors import EndpointError

__all__ = ["authorization"]

_HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}


def _parse(challenge):
    scheme, _, rest = challenge.strip().partition(" ")
    if scheme.lower() != "digest":
        raise EndpointError(f"the server asks for {scheme or 'an unnamed'} authentication; spacegraph answers only Digest")
    return {key.lower(): value for key, value in urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)).items()}


def authorization(challenge: str, method: str, uri: str, user: str, password: str, *, cnonce: str | None = None) -> str:
    """The ``Authorization`` header that answers a ``WWW-Authenticate: Digest ...`` challenge.

    Parameters
    ----------
    challenge : str
        The server's ``WWW-Authenticate`` header.
    method, uri : str
        The request to authorise: its method and its path with the query string.
    user, password : str
        The credentials.
    cnonce : str, optional
        The client nonce; a random one when omitted (given only by tests).

    Raises
    ------
    EndpointError
        When the challenge is not Digest, or names an algorithm or ``qop`` not supported.

    Examples
    --------
    The example of RFC 2617, section 3.5:

    >>> challenge = ('Digest realm="testrealm@host.com", qop="auth,auth-int", '
    ...              'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    >>> header = authorization(challenge, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", cnonce="0a4f113b")
    >>> 'response="6629fae49393a05397450978507c4ef1"' in header
    True
    """
    fields = _parse(challenge)
    algorithm = fields.get("algorithm", "MD5").upper()
    if algorithm not in _HASHES or "nonce" not in fields:
        raise EndpointError(f"the server's Digest challenge is not supported (algorithm {algorithm})")

    def digest(text):
        return _HASHES[algorithm](text.encode("utf-8")).hexdigest()

    realm, nonce = fields.get("realm", ""), fields["nonce"]
    cnonce = cnonce or secrets.token_hex(8)
    secret = digest(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        secret = digest(f"{secret}:{nonce}:{cnonce}")
    request = digest(f"{method}:{uri}")
    offered = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
    if offered:
        if "auth" not in offered:
            raise EndpointError(f"the server's Digest challenge asks for qop={','.join(offered)}; spacegraph sends qop=auth")
        response = digest(f"{secret}:{nonce}:00000001:{cnonce}:auth:{request}")
        parts += ["qop=auth", "nc=00000001", f'cnonce="{cnonce}"']
    else:
        response = digest(f"{secret}:{nonce}:{request}")
    parts.append(f'response="{response}"')
    if "opaque" in fields:
        parts.append(f'opaque="{fields["opaque"]}"')
    return "Digest " + ", ".join(parts)
