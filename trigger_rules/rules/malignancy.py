"""Red flag: malignancy (cancer in or spread to the spine).

Statements encoded (paraphrased):

* Chou et al. 2007 and Finucane et al. 2020: a history of cancer is the strongest single
  risk factor; unexplained weight loss, age over 50 and failure to improve after a month
  of care raise suspicion. Night pain appears in many guidelines' lists (library's
  choice to include it), but on its own it says little.
* NICE NG234 (2023): spinal pain suggestive of metastases in a person with cancer calls
  for an MRI within a week (within 24 hours with neurological symptoms).
* CKS, interpreting red flags: serious is not always an emergency; suspected spinal
  metastases may be seen within a few days.
* NICE NG59 (2016): exclude specific causes of low back pain such as cancer.

Urgency: urgent_days. History of cancer and unexplained weight loss raise the flag alone;
night pain and no improvement after weeks only with age 50 or over (judgement: alone they
are common in back pain of any cause). Neurological symptoms raise their own, more urgent
flags.
"""

from __future__ import annotations

from ..rulebook import AtLeast, Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "malignancy"
URGENCY = TriageLevel.URGENT_DAYS
RISK_AGE = 50

RULES = (
    rule("history_of_cancer", Present("history_of_cancer"), then=RaiseRedFlag(FLAG, URGENCY)),
    rule(
        "unexplained_weight_loss",
        Present("unexplained_weight_loss"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "night_pain_over_50",
        Present("night_pain"),
        AtLeast("age", RISK_AGE),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "no_improvement_over_50",
        Present("no_improvement_after_weeks"),
        AtLeast("age", RISK_AGE),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
)
