"""How a health app embeds trigger_rules.

The app has its own form (its own field names and answer format). It maps the answers
onto fact codes, consults the library, and shows the report: triage and red flags first,
then the questions still to ask, then the advice. Run it with::

    python examples/embed_app.py
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import trigger_rules

#: The app's own form fields, mapped onto the library's fact codes.
FORM_TO_FACT = {
    "hurts_when_coughing": "cough_sneeze_pain",
    "worse_when_standing": "pain_worse_standing",
    "wallet_back_pocket": "wallet_in_back_pocket",
    "numb_saddle_area": "saddle_numbness",
    "bladder_trouble": "bladder_or_bowel_change",
    "has_fever": "fever",
}

#: One person's answers as the app stores them: "yes", "no" or "skipped".
FORM_ANSWERS = {
    "hurts_when_coughing": "yes",
    "worse_when_standing": "yes",
    "wallet_back_pocket": "yes",
    "numb_saddle_area": "no",
    "bladder_trouble": "no",
    "has_fever": "skipped",
    "age_years": "47",
}


def case_from_form(answers: Mapping[str, str]) -> trigger_rules.Case:
    """Turn the app's answers into a case; 'skipped' stays unknown, never 'no'."""
    form: dict[str, bool | int | None] = {}
    for field, fact in FORM_TO_FACT.items():
        answer = answers.get(field, "skipped")
        form[fact] = {"yes": True, "no": False}.get(answer)
    if answers.get("age_years", "").isdigit():
        form["age"] = int(answers["age_years"])
    return trigger_rules.Case.from_answers(form)


def show(report: trigger_rules.Report) -> str:
    lines = [f"Triage: {report.triage.value}"]
    lines += [f"  RED FLAG {f.title}: {f.text}" for f in report.red_flags]
    lines += [f"  Referral {r.title}: {r.text}" for r in report.referrals]
    if report.unscreened:
        lines.append("Please also ask: " + ", ".join(report.unscreened))
    if report.withheld:
        lines.append(report.withheld_reason)
    for suspect in report.suspects:
        lines.append(f"{suspect.statement} (certainty {suspect.certainty:.2f})")
    for advice in report.recommendations:
        lines.append(f"  [{advice.kind}] {advice.title}")
    for caution in report.cautions:
        lines.append(f"  caution: {caution.title}")
    return "\n".join(lines)


def main() -> int:
    try:
        report = trigger_rules.consult(case_from_form(FORM_ANSWERS))
    except trigger_rules.TriggerRulesError as exc:  # the app shows a message, never a trace
        print(f"Could not assess these answers: {exc}", file=sys.stderr)
        return 2
    print(show(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
