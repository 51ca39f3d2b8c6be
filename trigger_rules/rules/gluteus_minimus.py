"""Gluteus minimus.

Passages encoded (paraphrased):

* S2: pain in the buttock and hip and along the back of the leg as far as the calf, together a
  convincing imitation of sciatica; its lateral trigger points send pain down the outside
  of the thigh and leg to the ankle ('side sciatica'), and the hip pain makes the person
  limp and struggle to get out of a chair.
* S2: switched on by quadratus lumborum trigger points (satellite trigger points here give
  sciatica-like pain), long immobilisation, limping for any reason, and sitting on a large
  wallet in a back pocket (S0 also tells of a patient helped by removing his wallet).
* S3, Perfect Spot 6 (shared with gluteus medius): high on the outer buttock.

The sciatica rules that weigh this muscle against a disc live in ``sciatica``. Weights are
the library's judgement, each justified beside it.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "gluteus_minimus"

RULES = (
    # S2: 'side sciatica' is described for this muscle alone: its most specific sign.
    rule(
        "side_of_leg",
        Present("pain_down_side_of_leg"),
        then=Evidence(MUSCLE, "minimus_sign_side_of_leg", 0.5),
    ),
    # S2: to the calf, past where general trigger-point leg pain usually stops (S0: the
    # back of the thigh); piriformis can also send pain down the back of the leg, so a
    # little less than the side pattern.
    rule(
        "back_of_leg",
        Present("pain_down_back_of_leg_to_calf"),
        then=Evidence(MUSCLE, "minimus_sign_back_of_leg", 0.4),
    ),
    # S2: the lateral trigger points' hip pain makes the person limp; limping for any
    # reason also activates them. Both readings point here.
    rule(
        "limp",
        Present("limps"),
        then=Evidence(MUSCLE, "minimus_sign_limp_chair", 0.3),
    ),
    # S2: the same hip pain makes getting out of a chair hard. The question asks about the
    # hip, which keeps it apart from the QL's bracing on the arms.
    rule(
        "chair",
        Present("hard_to_rise_from_chair"),
        then=Evidence(MUSCLE, "minimus_sign_limp_chair", 0.3),
    ),
    # S2: buttock and hip pain. Chronic QL pain gives the hip and buttock too, so modest.
    rule(
        "hip_and_buttock",
        Present("hip_pain"),
        Present("buttock_pain"),
        then=Evidence(MUSCLE, "minimus_sign_hip_buttock", 0.25),
    ),
    # S2 names the wallet for this muscle; S0's patient story agrees. A habit that keeps
    # trigger points going rather than locating pain, so weak.
    rule(
        "wallet",
        Present("wallet_in_back_pocket"),
        then=Evidence(MUSCLE, "minimus_sign_switched_on", 0.2),
    ),
    # S2: long immobilisation; a circumstance, not a pain pattern, so weak.
    rule(
        "immobilised",
        Present("long_immobilisation"),
        then=Evidence(MUSCLE, "minimus_sign_switched_on", 0.15),
    ),
    # S2: QL trigger points seed satellites here that give sciatica-like pain; the QL's
    # most specific sign (coughing and sneezing) with leg symptoms counts a little.
    rule(
        "ql_satellite",
        Present("cough_sneeze_pain"),
        Present("sciatica_symptoms"),
        then=Evidence(MUSCLE, "minimus_sign_switched_on", 0.2),
    ),
    # S3, Spot 6: shared with gluteus medius, so the same weight as there.
    rule(
        "spot_six",
        Present("tender_side_of_buttock"),
        then=Evidence(MUSCLE, "minimus_sign_spot_six", 0.4),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("minimus_self_treatment")),
)
