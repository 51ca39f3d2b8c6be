"""Cautions while self-treating.

Passages encoded (paraphrased):

* S0: do not use a tool on the psoas; use the hands, because the aorta lies over the area.
  A pulse under the fingers means you are on the artery: slide sideways until no pulse is
  felt. In the abdomen, use the hands to tell a muscle knot from an artery.

* S0: in the buttock the sciatic nerve runs under the piriformis; pressing too hard
  irritates it, and tingling or numbness below the knee into the foot means move off until
  it stops (S2 places the nerve beside the muscle).
* S0: do not press too hard (grimacing or tensing means too much); do not over-treat one
  spot (sore or bruised the next day); a spot that needs more than a minute: move on, or
  consider another cause such as fibromyalgia.
* S3: firm pressure that causes strong, unpleasant pain: back off, the body may be guarding
  a structural problem such as spondylolisthesis.

Library judgement: a red flag that points at the spine itself (fracture, cancer,
infection) brings a caution that holds back pressing, stretching and strengthening over the
low back until a professional has seen the person; it fires from the same conditions as
those flags, so it follows the region the flag concerns (the inflammatory back pain flag,
for which exercise helps, does not bring it). A pregnancy, or a possible one, brings a
caution that holds back pressing on the belly; pain on the bony ridge of the spine brings
one to keep tools off the bones (both judgement).

Tingling below the knee felt while pressing the buttock always brings the sciatic-nerve
caution; tingling below the knee that a person reports on its own brings it whenever
buttock self-treatment is advised.

A caution fires both from the advice it belongs to (so it is never missing beside that
advice) and from what the person reports feeling (so it is there even when advice is held
back).
"""

from __future__ import annotations

from ..rulebook import Advised, OneOf, Present, Warn, rule
from . import fracture, infection, malignancy

RULES = (
    rule(
        "aorta_with_abdominal_work",
        Advised(kind="self_treatment", area="abdomen"),
        then=Warn("aorta_pulse"),
    ),
    rule("aorta_pulse_felt", Present("pulse_felt_while_pressing"), then=Warn("aorta_pulse")),
    rule(
        "sciatic_with_buttock_work",
        Advised(kind="self_treatment", area="buttocks"),
        then=Warn("sciatic_nerve"),
    ),
    rule(
        "sciatic_tingling_felt",
        Present("tingling_below_knee_while_pressing"),
        then=Warn("sciatic_nerve"),
    ),
    rule(
        "sciatic_tingling_with_buttock_work",
        Present("tingling_below_knee"),
        Advised(kind="self_treatment", area="buttocks"),
        then=Warn("sciatic_nerve"),
    ),
    rule(
        "possibly_pregnant", OneOf("pregnant", ("yes", "possible")), then=Warn("pregnancy_belly")
    ),
    rule("late_period", Present("late_period"), then=Warn("pregnancy_belly")),
    rule("pain_on_spine_bones", Present("midline_pain"), then=Warn("spine_bones")),
    rule(
        "pressure_with_self_treatment",
        Advised(kind="self_treatment"),
        then=Warn("pressing_too_hard"),
    ),
    rule(
        "pressure_tensing_felt", Present("tensing_under_pressure"), then=Warn("pressing_too_hard")
    ),
    rule(
        "one_spot_with_self_treatment", Advised(kind="self_treatment"), then=Warn("over_treating")
    ),
    rule(
        "one_spot_sore_next_day", Present("sore_or_bruised_next_day"), then=Warn("over_treating")
    ),
    rule(
        "spot_over_a_minute",
        Present("spot_needs_over_a_minute"),
        then=Warn("spot_over_a_minute"),
    ),
    rule(
        "strong_pain_firm_pressure",
        Present("strong_pain_under_firm_pressure"),
        then=Warn("strong_pain_back_off"),
    ),
    *(
        rule(
            f"hold_{spec_module.__name__.rsplit('.', 1)[1]}_{spec.name}",
            *spec.when,
            then=Warn("hold_pressure_until_seen"),
        )
        for spec_module in (fracture, malignancy, infection)
        for spec in spec_module.RULES
    ),
)
