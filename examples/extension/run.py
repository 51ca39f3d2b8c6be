"""An app adds its own fact, knowledge item and rule without forking trigger_rules.

Run it from anywhere::

    python examples/extension/run.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # so the example's rule module imports as a plain module

import workplace_rules  # noqa: E402

import trigger_rules  # noqa: E402

FACTS = {"present": ["desk_job", "sits_over_an_hour", "cough_sneeze_pain"]}


def main() -> int:
    app = trigger_rules.Consultant.extended(rules=workplace_rules, knowledge=HERE / "knowledge")
    report = app.consult(trigger_rules.Case.from_dict(FACTS))
    print("with the app's extension, notes:", [note.id for note in report.notes])
    print("knowledge version:", report.knowledge_version)

    packaged = {"present": [c for c in FACTS["present"] if c != "desk_job"]}
    plain = trigger_rules.consult(trigger_rules.Case.from_dict(packaged))
    print("packaged library alone, notes:", [note.id for note in plain.notes])
    print("knowledge version:", plain.knowledge_version)
    return 0 if "acme_desk_assessment" in {n.id for n in report.notes} else 1


if __name__ == "__main__":
    sys.exit(main())
