"""How to find and press trigger points, by body area.

Passages encoded (paraphrased):

* S0: press just enough to feel tenderness or the referred pain while staying relaxed, for
  30 seconds to a minute, breathing deeply, more as the pain eases; treat many spots in a
  session rather than one for long; you will rarely feel a knot, look for the tender spot
  that reproduces your pain (S3 agrees); standing against a wall gives control, lying
  down people use their full weight.
* S0, buttocks: start near the middle and slide outwards, come back lower, repeat; a foam
  roller: rest on a tender spot rather than rolling, and do not arch the low back on it.
* S0, abdomen: lying down, legs as straight as possible, top to bottom beside the midline,
  then further out, both sides.

Technique advice is self-treatment, so the triage gate holds it back in an emergency.
"""

from __future__ import annotations

from ..rulebook import Advise, Suspected, rule

RULES = (
    rule("pressure", Suspected(), then=Advise("technique_pressure")),
    rule("many_spots", Suspected(), then=Advise("technique_many_spots")),
    rule("find_the_spot", Suspected(), then=Advise("technique_find_the_spot")),
    rule("wall_for_the_back", Suspected(area="low_back"), then=Advise("technique_wall")),
    rule("buttocks_path", Suspected(area="buttocks"), then=Advise("technique_buttocks")),
    rule("foam_roller", Suspected(area="buttocks"), then=Advise("technique_foam_roller")),
    rule("abdomen_by_hand", Suspected(area="abdomen"), then=Advise("technique_abdomen")),
)
