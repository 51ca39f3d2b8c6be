"""What the server must not do: load a web framework into apps that only import the
library, or write anything a person answered into the logs."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pytest

from tests.serving import run_script

WEB_MODULES = ("starlette", "uvicorn", "jwt", "httpx", "anyio", "h11", "cryptography")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_importing_and_consulting_loads_no_web_framework() -> None:
    done = _python(
        f"""
        import sys
        import trigger_rules
        trigger_rules.consult(present=["cough_sneeze_pain"])
        loaded = sorted(
            name for name in sys.modules if name.split(".")[0] in {WEB_MODULES!r}
        )
        assert not loaded, loaded
        assert "trigger_rules.server" not in sys.modules
        print("clean")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_without_the_extra_the_library_works_and_serve_says_what_to_install() -> None:
    done = _python(
        f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {WEB_MODULES!r}:
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                return None
        sys.meta_path.insert(0, Block())
        import trigger_rules
        from trigger_rules.cli import main
        assert trigger_rules.consult(present=["cough_sneeze_pain"]).suspects
        sys.exit(main(["serve"]))
        """
    )
    assert done.returncode == 2, done.stderr
    assert "pip install 'trigger_rules[server]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_an_open_address_without_authentication() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trigger_rules", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0 without authentication" in done.stderr


_LOGGED_SERVER = """
import logging, sys
import uvicorn
from trigger_rules import Consultant
from trigger_rules.server import Settings, create_app

logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="%(name)s %(message)s")

class Failing(Consultant):
    def consult(self, case):
        if "fever" in case.present:  # an internal error whose message quotes the case
            raise RuntimeError(f"failed on {case!r}")
        return super().consult(case)

port = int(sys.argv[1])
app = create_app(Settings(service_url=f"http://127.0.0.1:{port}"), Failing())
uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, log_level="debug")
"""

_ANSWERS = ("cough_sneeze_pain", "belt_line_ache", "buttock_pain", "fever")
_MARKERS = ("zqx_unknown_code", "zqx_bad_value", "zqx_comment", "zqx_broken_json")


def test_nothing_a_person_answered_reaches_the_logs_even_at_debug() -> None:
    with run_script(_LOGGED_SERVER) as server:
        post = lambda path, **kw: httpx.post(server.url + path, timeout=10, **kw)  # noqa: E731
        assert post("/v1/consult", json={"present": list(_ANSWERS[:2])}).status_code == 200
        hook = {
            "hook": "patient-view",
            "hookInstance": "h1",
            "context": {},
            "prefetch": {"case": {"absent": [_ANSWERS[2]], "values": {"age": 47}}},
        }
        assert post("/cds-services/trigger-rules-low-back-pain", json=hook).status_code == 200
        assert post("/v1/consult", json={"present": [_MARKERS[0]]}).status_code == 422
        bad_value = {"values": {"pain_side": _MARKERS[1]}}
        assert post("/v1/consult", json=bad_value).status_code == 422
        feedback = {
            "feedback": [
                {
                    "card": "c",
                    "outcome": "overridden",
                    "overrideReason": {"userComment": _MARKERS[2]},
                    "outcomeTimestamp": "2020-12-11T00:00:00Z",
                }
            ]
        }
        assert (
            post("/cds-services/trigger-rules-low-back-pain/feedback", json=feedback).status_code
            == 200
        )
        broken = b'{"present": ["' + _MARKERS[3].encode() + b'"'
        assert post("/v1/consult", content=broken).status_code == 400
        assert post("/v1/consult", json={"present": ["fever"]}).status_code == 500
    logs = server.stderr()
    # the capture works: the refusals, the internal error and the requests are there...
    assert "refused POST /v1/consult: 422 unknown_fact" in logs
    assert "internal error on POST /v1/consult: RuntimeError" in logs
    assert '"POST /v1/consult HTTP/1.1" 200' in logs
    # ...and nothing of what was answered
    for secret in (*_ANSWERS, *_MARKERS):
        assert secret not in logs, secret


@pytest.mark.parametrize("module", ["trigger_rules.server", "trigger_rules.server.app"])
def test_the_server_package_imports_cleanly(module: str) -> None:
    done = _python(f"import {module}")
    assert done.returncode == 0, done.stderr
