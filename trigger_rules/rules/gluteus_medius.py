"""Gluteus medius.

Passages encoded (paraphrased):

* S2: low back and buttock pain when walking or when lying on the painful side; the medial
  trigger point, most often the active one, sends pain along the belt line, to the
  sacroiliac joint and into the buttock; the middle and lateral ones join in chronic cases;
  trigger points here and in the quadratus lumborum very often go together.
* S3, Perfect Spot 6 (shared with gluteus minimus): high on the outer buttock, forward of
  the hip pocket; pain in the low back, hip, buttocks, side of the thigh, hamstrings.
* S1: the muscle lies in the upper buttock and, when tight, can tilt the pelvis backwards
  (not encoded as a sign: a person cannot tell it from the inside).
* S0: the buttock is worked with a ball against a wall, from the middle outwards.

Weights are the library's judgement, each justified beside it. Stretching and
strengthening for the buttocks live in ``progression``, the sciatic nerve caution in
``safety``.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "gluteus_medius"

RULES = (
    # S2 opens its description of this muscle with pain on walking; it is the muscle that
    # steadies the pelvis at each step, so this is its most characteristic complaint.
    rule(
        "walking",
        Present("pain_walking"),
        then=Evidence(MUSCLE, "medius_sign_walking_lying", 0.4),
    ),
    # S2: the other half of the same sentence, lying on the painful side.
    rule(
        "lying_on_side",
        Present("pain_lying_on_painful_side"),
        then=Evidence(MUSCLE, "medius_sign_walking_lying", 0.35),
    ),
    # S2, medial trigger point: sacroiliac pain with buttock pain. Rectus abdominis gives
    # pain in both sacroiliac joints, so on its own this is moderate.
    rule(
        "sacroiliac_buttock",
        Present("sacroiliac_pain"),
        Present("buttock_pain"),
        then=Evidence(MUSCLE, "medius_sign_belt_line_buttock", 0.35),
    ),
    # S2, medial trigger point: belt-line pain with buttock pain. The belt line is shared
    # with the quadratus lumborum and rectus abdominis, so it weighs less.
    rule(
        "belt_line_buttock",
        Present("belt_line_ache"),
        Present("buttock_pain"),
        then=Evidence(MUSCLE, "medius_sign_belt_line_buttock", 0.25),
    ),
    # S2: 'hand in hand' with the quadratus lumborum. The QL's most specific sign (S0, S2:
    # coughing and sneezing) with buttock pain makes this muscle worth checking, weakly.
    rule(
        "with_ql",
        Present("cough_sneeze_pain"),
        Present("buttock_pain"),
        then=Evidence(MUSCLE, "medius_sign_with_ql", 0.2),
    ),
    # S3, Spot 6: a palpation finding at a named spot, but one shared with gluteus minimus,
    # so it names both equally and their own symptoms decide between them.
    rule(
        "spot_six",
        Present("tender_side_of_buttock"),
        then=Evidence(MUSCLE, "medius_sign_spot_six", 0.4),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("medius_self_treatment")),
)
