"""Progression: self-treatment, then stretching, then strengthening, and back a step on pain.

Passages encoded (paraphrased):

* S0: stretch only after self-treatment has brought relief, and stretch the area that holds
  the trigger points; if a stretch increases the pain, stop, go back to self-treatment and
  return gradually. Low back: the QL stretch; buttocks: knees to the chest; psoas and
  abdomen: the easy stretch first, then the harder lunge. S4 adds for the psoas a
  hip-extension stretch, ice-and-stretch, the cobra and the pigeon.
* S0: strengthen for endurance, holding only while form is right, starting with one
  exercise, matched to the area: low back a side plank, buttocks bridging, abdomen a plank;
  never sit-ups; if an exercise increases the pain, stop and go back a step.

The library reads 'stretching without pain' as the point at which strengthening is
unlocked (S0 orders the steps but gives no explicit trigger); every later step also needs
the relief that unlocked stretching, and the lunge comes only with the easy stretch.
"""

from __future__ import annotations

from ..rulebook import Advise, Advised, NotPresent, Present, Suspected, rule

_RELIEVED = Present("self_treatment_relieved")
_STRETCH_OK = NotPresent("stretching_hurts")
_STRETCHES_PAIN_FREE = Present("stretching_pain_free")
_EXERCISE_OK = NotPresent("exercise_hurts")

RULES = (
    rule(
        "stretch_low_back",
        Suspected(area="low_back"),
        _RELIEVED,
        _STRETCH_OK,
        then=Advise("stretch_quadratus_lumborum"),
    ),
    rule(
        "stretch_buttocks",
        Suspected(area="buttocks"),
        _RELIEVED,
        _STRETCH_OK,
        then=Advise("stretch_knees_to_chest"),
    ),
    rule(
        "stretch_abdomen_easy",
        Suspected(area="abdomen"),
        _RELIEVED,
        _STRETCH_OK,
        then=Advise("stretch_psoas_easy"),
    ),
    # S0: the harder stretch comes after the easy one; the library takes pain-free
    # stretching as the sign that the easy one has been mastered.
    rule(
        "stretch_abdomen_lunge",
        Suspected(area="abdomen"),
        _RELIEVED,
        _STRETCHES_PAIN_FREE,
        _STRETCH_OK,
        Advised(item="stretch_psoas_easy"),
        then=Advise("stretch_psoas_lunge"),
    ),
    rule(
        "stretch_psoas_options",
        Suspected(muscle="iliopsoas"),
        _RELIEVED,
        _STRETCH_OK,
        then=Advise("stretch_psoas_options"),
    ),
    rule(
        "stretch_hurts",
        Suspected(),
        Present("stretching_hurts"),
        then=Advise("stretch_hurts_step_back"),
    ),
    rule(
        "strengthen_low_back",
        Suspected(area="low_back"),
        _RELIEVED,
        _STRETCHES_PAIN_FREE,
        _STRETCH_OK,
        _EXERCISE_OK,
        then=Advise("strengthen_side_plank"),
    ),
    rule(
        "strengthen_buttocks",
        Suspected(area="buttocks"),
        _RELIEVED,
        _STRETCHES_PAIN_FREE,
        _STRETCH_OK,
        _EXERCISE_OK,
        then=Advise("strengthen_bridging"),
    ),
    rule(
        "strengthen_abdomen",
        Suspected(area="abdomen"),
        _RELIEVED,
        _STRETCHES_PAIN_FREE,
        _STRETCH_OK,
        _EXERCISE_OK,
        then=Advise("strengthen_plank"),
    ),
    rule("strengthen_how", Advised(kind="strengthen"), then=Advise("strengthen_principles")),
    rule(
        "exercise_hurts",
        Suspected(),
        Present("exercise_hurts"),
        then=Advise("exercise_hurts_step_back"),
    ),
)
