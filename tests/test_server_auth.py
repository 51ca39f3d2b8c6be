"""CDS Hooks JWT checks on a real server with keys configured.

The client's key is an EC P-384 key published in a JWK Set file, as in the CDS Hooks 2.0
example; tokens are signed ES384 and checked for issuer, audience, expiry and signature.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.serving import Running, serve
from trigger_rules.server import SERVICE_ID, Settings
from trigger_rules.server.auth import AuthError, KeyRing

ISSUER = "https://ehr.example.org/"
KID = "ehr-key-1"
SERVICE = f"/cds-services/{SERVICE_ID}"
HOOK = {
    "hook": "patient-view",
    "hookInstance": "5b1b2b9e-8d1a-4c3e-9d62-2f0c1f1a6a01",
    "context": {"patientId": "p1"},
    "prefetch": {"case": {"present": ["cough_sneeze_pain"]}},
}


@pytest.fixture(scope="module")
def private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP384R1())


@pytest.fixture(scope="module")
def server(
    private_key: ec.EllipticCurvePrivateKey, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private_key.public_key()))
    jwks = tmp_path_factory.mktemp("keys") / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk | {"kid": KID, "use": "sig", "alg": "ES384"}]}))
    with serve("--jwks", str(jwks), "--issuer", ISSUER) as running:
        yield running


def token(key: Any, url: str, *, algorithm: str = "ES384", kid: str = KID, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": url, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    payload.update(claims)
    return jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid, "typ": "JWT"})


def call(server: Running, path: str, bearer: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    if path == "/cds-services":
        return httpx.get(server.url + path, headers=headers, timeout=10)
    body = HOOK if path.startswith("/cds-services") else HOOK["prefetch"]["case"]  # type: ignore[index]
    return httpx.post(server.url + path, json=body, headers=headers, timeout=10)


def test_a_valid_token_is_accepted(server: Running, private_key: Any) -> None:
    for path in ("/cds-services", SERVICE, "/v1/consult"):
        response = call(server, path, token(private_key, server.url + path))
        assert response.status_code == 200, response.text
    assert "WARNING: no JWT keys" not in server.stderr()


def test_an_audience_as_a_list_is_accepted(server: Running, private_key: Any) -> None:
    response = call(server, SERVICE, token(private_key, [server.url + SERVICE]))  # type: ignore[arg-type]
    assert response.status_code == 200


def test_a_request_without_a_token_is_401(server: Running) -> None:
    for path in ("/cds-services", SERVICE, "/v1/consult", "/v1/next-questions"):
        response = call(server, path, None)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.json()["message"]


def test_a_token_for_another_endpoint_is_401(server: Running, private_key: Any) -> None:
    response = call(server, SERVICE, token(private_key, server.url + "/cds-services"))
    assert response.status_code == 401
    assert "audience" in response.json()["message"]
    assert server.url + SERVICE in response.json()["message"]


def test_an_expired_token_is_401(server: Running, private_key: Any) -> None:
    old = int(time.time()) - 600
    response = call(
        server, SERVICE, token(private_key, server.url + SERVICE, exp=old, iat=old - 60)
    )
    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_an_untrusted_issuer_is_401(server: Running, private_key: Any) -> None:
    bad = token(private_key, server.url + SERVICE, iss="https://elsewhere.example/")
    response = call(server, SERVICE, bad)
    assert response.status_code == 401
    assert "issuer" in response.json()["message"]


def test_a_token_signed_by_another_key_is_401(server: Running) -> None:
    stranger = ec.generate_private_key(ec.SECP384R1())
    response = call(server, SERVICE, token(stranger, server.url + SERVICE))
    assert response.status_code == 401
    assert "signature" in response.json()["message"]


def test_unsigned_and_shared_secret_tokens_are_401(server: Running) -> None:
    unsigned = token(None, server.url + SERVICE, algorithm="none")
    assert call(server, SERVICE, unsigned).status_code == 401
    hmac = token("a shared secret of thirty-two bytes!", server.url + SERVICE, algorithm="HS256")
    response = call(server, SERVICE, hmac)
    assert response.status_code == 401
    assert "ES384" in response.json()["message"]


def test_a_token_without_a_jti_is_401(server: Running, private_key: Any) -> None:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": server.url + SERVICE, "exp": now + 60, "iat": now}
    bare = jwt.encode(payload, private_key, algorithm="ES384", headers={"kid": KID})
    response = call(server, SERVICE, bare)
    assert response.status_code == 401
    assert "jti" in response.json()["message"]


def test_public_documents_need_no_token(server: Running) -> None:
    for path in ("/v1/facts", "/openapi.json", "/healthz"):
        assert httpx.get(server.url + path, timeout=10).status_code == 200


# --- key files, without a server ----------------------------------------------------------


def test_a_pem_key_verifies_rs384_tokens(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "client.pem"
    pem.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    settings = Settings(
        service_url="https://cds.example.org", issuers=ISSUER, public_key_files=str(pem)
    )
    ring = KeyRing.from_settings(settings)
    assert ring is not None
    audience = "https://cds.example.org" + SERVICE
    claims = ring.verify("Bearer " + token(key, audience, algorithm="RS384"), [audience])
    assert claims["iss"] == ISSUER
    with pytest.raises(AuthError, match="audience"):
        ring.verify("Bearer " + token(key, audience, algorithm="RS384"), [audience + "/x"])


def test_keys_without_a_trusted_issuer_are_refused() -> None:
    with pytest.raises(ValueError, match="issuers"):
        Settings(jwks_file="keys.json")


def test_serve_refuses_a_key_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "trigger_rules",
            "serve",
            "--jwks",
            str(missing),
            "--issuer",
            ISSUER,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot read the JWK Set" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_token_used_twice_is_401_the_second_time(server: Running, private_key: Any) -> None:
    once = token(private_key, server.url + SERVICE)
    assert call(server, SERVICE, once).status_code == 200
    again = call(server, SERVICE, once)
    assert again.status_code == 401
    assert "already used" in again.json()["message"]


def test_the_replay_memory_forgets_expired_tokens_and_stays_bounded() -> None:
    from trigger_rules.server.auth import ReplayGuard

    guard = ReplayGuard(capacity=3)
    guard.check({"iss": "a", "jti": "1", "exp": 100}, now=50)
    with pytest.raises(AuthError):
        guard.check({"iss": "a", "jti": "1", "exp": 100}, now=60)
    guard.check({"iss": "a", "jti": "1", "exp": 300}, now=200)  # the first one expired
    for jti in "2345":
        guard.check({"iss": "a", "jti": jti, "exp": 1000}, now=200)
    assert len(guard._seen) <= 4
