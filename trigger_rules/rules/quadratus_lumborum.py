"""Quadratus lumborum (QL).

Passages encoded (paraphrased):

* S2: a deep ache on one side at the belt line that nothing relieves, hurting when moving,
  sitting and lying; severe whenever the trunk is upright, so the person props the trunk on
  the arms; sudden sharp pain that can drop the person to the knees; coughing, sneezing or
  a deep breath is agony; chronic cases add hip, buttock and groin pain.
* S0: coughing and sneezing hurt as if a rib would break, because the QL is anchored to the
  lowest rib; bracing when standing or rising; dropping to all fours when the pain peaks.
* S3, Perfect Spot 2: the corner between the lowest rib and the spine.
* S0: find and treat it with a ball against a wall or a strap lever tool, 'plowing the
  field' from the lowest ribs down.

Weights are the library's judgement, each justified beside it. Stretching and
strengthening for the low back live in ``progression``.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, SideIs, Suspected, rule

MUSCLE = "quadratus_lumborum"

RULES = (
    # Both S0 and S2 single this out, and S0 gives the anatomical reason (the lowest rib):
    # the most specific QL sign in the articles.
    rule(
        "cough_sneeze",
        Present("cough_sneeze_pain"),
        then=Evidence(MUSCLE, "ql_sign_cough_sneeze", 0.6),
    ),
    # S0 and S2 both describe it; S2 ties it to the QL's pain when the trunk is upright.
    rule(
        "braces_on_arms",
        Present("braces_on_arms"),
        then=Evidence(MUSCLE, "ql_sign_braces_on_arms", 0.5),
    ),
    # S2's first description of QL pain; the one-sidedness tells it from the band of a
    # two-sided iliopsoas and the two-sided belt line of rectus abdominis.
    rule(
        "belt_line_one_side",
        Present("belt_line_ache"),
        SideIs("pain_side", ("left", "right")),
        then=Evidence(MUSCLE, "ql_sign_belt_line_one_side", 0.4),
    ),
    # A palpation finding at a named spot (S3) is direct evidence, stronger than a symptom.
    rule(
        "spot_two",
        Present("tender_below_lowest_rib"),
        then=Evidence(MUSCLE, "ql_sign_spot_two", 0.5),
    ),
    # S2 names it for the QL; S0 lists dropping to all fours as a general trigger-point sign,
    # so it counts but less than the cough sign.
    rule(
        "drops_to_knees",
        Present("drops_to_knees"),
        then=Evidence(MUSCLE, "ql_sign_drops_to_knees", 0.4),
    ),
    # S2: pain in every position. Common to many back pains, so modest.
    rule(
        "every_position",
        Present("pain_in_every_position"),
        then=Evidence(MUSCLE, "ql_sign_every_position", 0.25),
    ),
    # S2: QL pain persists when sitting or lying down; pain that lying down eases is the
    # opposite, so weak evidence against (it cancels about one weak sign, not a specific one).
    rule(
        "eased_lying_down",
        Present("pain_eased_lying_down"),
        then=Evidence(MUSCLE, "ql_sign_eased_lying", -0.2),
    ),
    # S2: the QL hurts whenever the trunk is upright; standing is one such posture, but S2
    # gives 'worse standing' chiefly to iliopsoas, so it weighs less here.
    rule(
        "upright_standing",
        Present("pain_worse_standing"),
        then=Evidence(MUSCLE, "ql_sign_upright", 0.2),
    ),
    # S2, chronic cases: hip and groin pain together.
    rule(
        "hip_and_groin",
        Present("hip_pain"),
        Present("groin_pain"),
        then=Evidence(MUSCLE, "ql_sign_hip_groin", 0.25),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("ql_self_treatment")),
)
