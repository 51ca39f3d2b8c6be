"""Piriformis.

Passages encoded (paraphrased):

* S1: trigger points here give pain in the outer buttock and the tailbone, which some
  people feel as low back pain.
* S2: the sciatic nerve and blood vessels run beside the muscle (S0: under it); tight
  enough, it traps them (piriformis syndrome): pain and numbness from the buttock down the
  back of the leg, a swollen leg, sexual dysfunction and groin pain. Most people with
  piriformis trigger points do not have the syndrome.
* S2: with any sciatica symptoms, treat it together with gluteus minimus (in ``sciatica``).
* Hubbard Foundation (myofascial pain education): the pain goes mainly to the sacroiliac
  region, the buttock and the back of the hip, sometimes the upper back of the thigh;
  sitting still for long aggravates it.

Leg swelling, sexual dysfunction and groin pain also have serious causes; the referrals
for them are written in ``referrals``. Weights are the library's judgement, each justified
beside it.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "piriformis"

RULES = (
    # S1: the muscle's own pain map, buttock and tailbone together: specific.
    rule(
        "buttock_and_tailbone",
        Present("buttock_pain"),
        Present("tailbone_pain"),
        then=Evidence(MUSCLE, "piriformis_sign_buttock_tailbone", 0.45),
    ),
    # S1: tailbone pain alone is part of the same map, but it has other causes.
    rule(
        "tailbone",
        Present("tailbone_pain"),
        then=Evidence(MUSCLE, "piriformis_sign_buttock_tailbone", 0.2),
    ),
    # S2, piriformis syndrome: numbness from the buttock down the leg, the nerve sign the
    # article gives this muscle and not gluteus minimus.
    rule(
        "leg_numbness",
        Present("buttock_pain"),
        Present("leg_numbness"),
        then=Evidence(MUSCLE, "piriformis_sign_leg_numbness", 0.35),
    ),
    # S2: pain down the back of the leg is part of the syndrome too, but gluteus minimus
    # gives the same pain more often (S2), so weak here.
    rule(
        "back_of_leg",
        Present("buttock_pain"),
        Present("pain_down_back_of_leg_to_calf"),
        then=Evidence(MUSCLE, "piriformis_sign_leg_numbness", 0.15),
    ),
    # S2: swelling down the leg from the buttock; specific to this muscle among the
    # sources, but with weightier causes, so a little less than the numbness.
    rule(
        "leg_swelling",
        Present("buttock_pain"),
        Present("leg_swelling"),
        then=Evidence(MUSCLE, "piriformis_sign_leg_swelling", 0.3),
    ),
    # S2: sexual dysfunction with the buttock pain of the syndrome; other causes abound.
    rule(
        "sexual_dysfunction",
        Present("buttock_pain"),
        Present("sexual_dysfunction"),
        then=Evidence(MUSCLE, "piriformis_sign_sexual_groin", 0.25),
    ),
    # S2: groin pain with the buttock pain of the syndrome; groin pain is shared with the
    # QL and iliopsoas (S2), so weak.
    rule(
        "groin",
        Present("buttock_pain"),
        Present("groin_pain"),
        then=Evidence(MUSCLE, "piriformis_sign_sexual_groin", 0.15),
    ),
    # Hubbard Foundation: long sitting aggravates it. Gluteus maximus shares the complaint
    # (Kent 2014), gluteus minimus does not have it in the sources, so this helps tell
    # piriformis from minimus on a sitting story; moderate.
    rule(
        "sitting",
        Present("buttock_pain"),
        Present("pain_worse_sitting"),
        then=Evidence(MUSCLE, "piriformis_sign_sitting", 0.3),
    ),
    # Hubbard Foundation: the sacroiliac region is the main referral zone. Gluteus medius
    # also refers there (S1), so with buttock pain only, and modest.
    rule(
        "sacroiliac_region",
        Present("buttock_pain"),
        Present("sacroiliac_pain"),
        then=Evidence(MUSCLE, "piriformis_sign_sacroiliac", 0.25),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("piriformis_self_treatment")),
)
