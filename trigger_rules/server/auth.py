"""Checking the signed JWT a CDS Hooks client sends with every call.

CDS Hooks 2.0 ("Trusting CDS Clients"): the client signs a JWT with its private key and
sends it as ``Authorization: Bearer``. The service checks the signature against keys it
was given out of band (a JWK Set file, or PEM public keys), that the issuer is one it
trusts, that the audience is the URL of the endpoint being called, and that the token has
not expired. Unsigned tokens (``alg: none``) and shared-secret algorithms (HMAC) are
refused, as the specification requires.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .settings import Settings

__all__ = ["ALGORITHMS", "AuthError", "KeyRing", "ReplayGuard"]

#: Asymmetric signature algorithms only: the specification forbids ``none`` and HMAC.
ALGORITHMS: Final = (
    "ES256",
    "ES384",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "RS256",
    "RS384",
    "RS512",
)
#: Claims the specification makes REQUIRED in a CDS Hooks client's JWT.
REQUIRED_CLAIMS: Final = ("iss", "aud", "exp", "iat", "jti")


class AuthError(Exception):
    """A request that cannot be trusted: its message says why, without any token content."""


@attrs.frozen
class _Key:
    kid: str
    key: Any
    algorithm: str = ""


@attrs.frozen
class KeyRing:
    """The public keys that may sign tokens, with the issuers trusted to use them."""

    keys: tuple[_Key, ...]
    issuers: tuple[str, ...]
    leeway_seconds: int = 30

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing | None:
        """The key ring *settings* describe, or ``None`` when authentication is off.

        Raises ``ValueError`` naming the file when a key file cannot be read.
        """
        if not settings.authenticates:
            return None
        keys: list[_Key] = []
        if settings.jwks_file:
            keys.extend(_read_jwks(Path(settings.jwks_file)))
        for name in settings.public_key_files:
            keys.append(_read_pem(Path(name)))
        return cls(tuple(keys), settings.issuers, settings.leeway_seconds)

    def verify(self, authorization: str | None, audiences: Sequence[str]) -> dict[str, Any]:
        """The claims of the bearer token in *authorization*, or raise :class:`AuthError`."""
        if not authorization:
            raise AuthError("this service requires a signed JWT: send 'Authorization: Bearer …'")
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise AuthError("the Authorization header must be 'Bearer' followed by a signed JWT")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("the bearer token is not a well-formed JWT") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise AuthError(
                f"the token must be signed with one of {', '.join(ALGORITHMS)} "
                f"(got alg {algorithm!r})"
            )
        candidates = self._keys_for(header.get("kid"), algorithm)
        last: Exception | None = None
        for candidate in candidates:
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    candidate.key,
                    algorithms=[algorithm],
                    audience=list(audiences),
                    issuer=self.issuers,
                    leeway=self.leeway_seconds,
                    options={"require": list(REQUIRED_CLAIMS)},
                )
            except jwt.InvalidSignatureError as exc:
                last = exc
                continue
            except jwt.ExpiredSignatureError:
                raise AuthError("the token has expired") from None
            except jwt.InvalidAudienceError:
                raise AuthError(
                    "the token's audience ('aud') must be the URL of the endpoint called: "
                    + " or ".join(repr(a) for a in audiences)
                ) from None
            except jwt.InvalidIssuerError:
                raise AuthError(
                    "the token's issuer ('iss') is not one this service trusts"
                ) from None
            except jwt.MissingRequiredClaimError as exc:
                raise AuthError(f"the token lacks the required claim {exc.claim!r}") from None
            except jwt.ImmatureSignatureError:
                raise AuthError(
                    "the token is not valid yet ('iat' or 'nbf' in the future)"
                ) from None
            except jwt.PyJWTError as exc:
                raise AuthError(f"the token was refused: {type(exc).__name__}") from None
            return claims
        if last is None:
            raise AuthError("no configured key matches the token's 'kid' and algorithm")
        raise AuthError("the token's signature does not match any configured key")

    def _keys_for(self, kid: object, algorithm: str) -> list[_Key]:
        family = algorithm[:2]
        usable = [
            k
            for k in self.keys
            if (not k.algorithm or k.algorithm == algorithm) and family in _families(k.key)
        ]
        if isinstance(kid, str) and any(k.kid for k in usable):
            named = [k for k in usable if k.kid == kid]
            # PEM keys carry no kid: they stay candidates whatever kid the token names.
            return named + [k for k in usable if not k.kid]
        return usable


def _families(key: Any) -> tuple[str, ...]:
    """The algorithm families (first two letters of ``alg``) a public key can verify."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ("ES",)
    if isinstance(key, rsa.RSAPublicKey):
        return ("RS", "PS")
    return ()


def _read_jwks(path: Path) -> list[_Key]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, Mapping) or not isinstance(data.get("keys"), list):
            raise ValueError("expected a JWK Set: an object with a 'keys' list")
        keys = []
        for entry in data["keys"]:
            if entry.get("use", "sig") != "sig":
                continue
            jwk = jwt.PyJWK.from_dict(entry)
            if not _families(jwk.key):
                raise ValueError(f"key {entry.get('kid')!r} must be an EC or RSA public key")
            keys.append(_Key(str(entry.get("kid", "")), jwk.key, str(entry.get("alg", ""))))
    except (OSError, ValueError, jwt.PyJWTError) as exc:
        raise ValueError(f"cannot read the JWK Set {str(path)!r}: {exc}") from None
    if not keys:
        raise ValueError(f"the JWK Set {str(path)!r} holds no signing key")
    return keys


def _read_pem(path: Path) -> _Key:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the PEM public key {str(path)!r}: {exc}") from None
    if not _families(key):
        raise ValueError(f"the PEM key {str(path)!r} must be an EC or RSA public key")
    return _Key("", key)


class ReplayGuard:
    """Refuses a token whose ``jti`` was already used, until that token expires.

    CDS Hooks 2.0 makes ``jti`` a nonce "used to protect against replay attacks". The
    memory is per worker process (bounded: past *capacity* the soonest-expiring entries
    go first), so with several workers a replay may reach one that has not seen it.
    """

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._seen: dict[tuple[str, str], float] = {}
        self._expiries: list[tuple[float, tuple[str, str]]] = []

    def check(self, claims: Mapping[str, Any], now: float | None = None) -> None:
        now = time.time() if now is None else now
        while self._expiries and (
            self._expiries[0][0] < now or len(self._expiries) > self.capacity
        ):
            _, old = heapq.heappop(self._expiries)
            self._seen.pop(old, None)
        key = (str(claims.get("iss")), str(claims.get("jti")))
        if key in self._seen:
            raise AuthError("this token was already used ('jti' must be new for each call)")
        expiry = float(claims.get("exp", now))
        self._seen[key] = expiry
        heapq.heappush(self._expiries, (expiry, key))
