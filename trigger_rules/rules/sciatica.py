"""Sciatica: a muscle or a nerve.

Passages encoded (paraphrased):

* S2: 'sciatica' names pain, numbness or tingling that runs from the buttock down the
  back or side of the leg. When a damaged disc presses on the sciatic nerve the pain is
  nearly constant and unbearable (S2 sees surgery as the only option; the referral to a
  doctor for it lives in ``referrals``). Pain or numbness that comes and goes with
  activity and body position points to a muscle instead, chiefly gluteus minimus and
  piriformis, usually after earlier (or alongside) low back or hip pain.
* S2: with any sciatica symptoms, treat the piriformis together with any gluteus minimus
  trigger points.
* S0: pain down the leg usually stops at the back of the thigh and is often wrongly taken
  for sciatica (a note in ``general_signs``).

Tingling or pins and needles below the knee that a person reports on its own is one of
S2's sciatica symptoms too: with the same variation it counts as the sciatica question
would, but only when that question was not answered yes, so that one story is not counted
twice.

Each rule gives evidence to both muscles at once, as S2 treats them together; their own
modules tell them apart. Weights are the library's judgement, each justified beside it.
"""

from __future__ import annotations

from ..rulebook import Evidence, NotPresent, Present, rule

_MINIMUS = "gluteus_minimus"
_PIRIFORMIS = "piriformis"

RULES = (
    # S2: leg symptoms that come and go with activity and position point to a muscle, and
    # it names these two. Both conditions are needed: the variation says 'muscle', the leg
    # symptoms say 'these muscles'.
    rule(
        "varies_minimus",
        Present("sciatica_symptoms"),
        Present("pain_varies_with_activity"),
        then=Evidence(_MINIMUS, "minimus_sign_sciatica_varies", 0.35),
    ),
    # S2: as above, for the piriformis.
    rule(
        "varies_piriformis",
        Present("sciatica_symptoms"),
        Present("pain_varies_with_activity"),
        then=Evidence(_PIRIFORMIS, "piriformis_sign_sciatica_varies", 0.35),
    ),
    # S2: tingling below the knee is a sciatica symptom; as 'varies_minimus' when the
    # sciatica question itself was not answered yes (no double counting).
    rule(
        "tingling_varies_minimus",
        Present("tingling_below_knee"),
        Present("pain_varies_with_activity"),
        NotPresent("sciatica_symptoms"),
        then=Evidence(_MINIMUS, "minimus_sign_sciatica_varies", 0.35),
    ),
    # As above, for the piriformis.
    rule(
        "tingling_varies_piriformis",
        Present("tingling_below_knee"),
        Present("pain_varies_with_activity"),
        NotPresent("sciatica_symptoms"),
        then=Evidence(_PIRIFORMIS, "piriformis_sign_sciatica_varies", 0.35),
    ),
    # S2: any sciatica symptoms: look at both muscles. Weak on its own (S0: most leg pain
    # called sciatica is not), so it only tips a case that has other signs.
    rule(
        "together_minimus",
        Present("sciatica_symptoms"),
        then=Evidence(_MINIMUS, "minimus_sign_sciatica_together", 0.15),
    ),
    # S2: as above, for the piriformis.
    rule(
        "together_piriformis",
        Present("sciatica_symptoms"),
        then=Evidence(_PIRIFORMIS, "piriformis_sign_sciatica_together", 0.15),
    ),
    # S2: constant, nearly unbearable leg pain is the disc's pattern, not the muscles':
    # evidence against, strong enough to cancel a specific sign of either muscle.
    rule(
        "constant_against_minimus",
        Present("constant_severe_leg_pain"),
        then=Evidence(_MINIMUS, "minimus_sign_constant_leg_pain", -0.5),
    ),
    # S2: as above, for the piriformis.
    rule(
        "constant_against_piriformis",
        Present("constant_severe_leg_pain"),
        then=Evidence(_PIRIFORMIS, "piriformis_sign_constant_leg_pain", -0.5),
    ),
)
