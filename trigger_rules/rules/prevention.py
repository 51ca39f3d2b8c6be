"""Prevention: the habits that keep trigger points going, and what to do about each.

Passages encoded (paraphrased): S0 lists habits to change: knees above the hips or a high
foot rest (keeps the psoas short), sit-ups (plank instead), a shorter leg with days of
standing (stretch and strengthen; a heel lift only from a professional), sleeping
positions (pillow under or between the knees; S4: a pillow under the legs relieves the
psoas), a wallet in the back pocket (S2: it switches on gluteus minimus), sitting over an
hour (a five-minute break), leaning to one side (arm rests; a magazine under a low side of
the pelvis), a sagging mattress. S1 adds lifting without a warm-up and years of slumped
posture as causes.

Prevention advice is not self-treatment: it stays in the report at every triage level.
"""

from __future__ import annotations

from ..rulebook import Advise, Present, rule

RULES = (
    rule(
        "knees_above_hips",
        Present("knees_above_hips_sitting"),
        then=Advise("prevent_knees_below_hips"),
    ),
    rule("sit_ups", Present("does_sit_ups"), then=Advise("prevent_no_sit_ups")),
    rule(
        "short_leg_standing",
        Present("leg_length_difference"),
        Present("stands_all_day"),
        then=Advise("prevent_leg_length"),
    ),
    rule("sleeps_on_back", Present("sleeps_on_back"), then=Advise("prevent_pillow_under_knees")),
    rule("sleeps_on_side", Present("sleeps_on_side"), then=Advise("prevent_pillow_between_knees")),
    rule("wallet", Present("wallet_in_back_pocket"), then=Advise("prevent_wallet")),
    rule("long_sitting", Present("sits_over_an_hour"), then=Advise("prevent_hourly_break")),
    rule("leans_sitting", Present("leans_to_one_side_sitting"), then=Advise("prevent_armrests")),
    rule(
        "pelvis_low_side",
        Present("pelvis_lower_one_side"),
        then=Advise("prevent_level_the_pelvis"),
    ),
    rule("saggy_mattress", Present("saggy_mattress"), then=Advise("prevent_firm_mattress")),
    rule("no_warm_up", Present("lifts_without_warmup"), then=Advise("prevent_warm_up")),
    rule("slumped", Present("slumped_posture"), then=Advise("prevent_posture")),
)
