"""The rule modules: one per muscle, one per red-flag family, and the shared concerns.

Each module opens with the passages it encodes and their sources, and lists its rules in
``RULES``. A module listed here is part of every engine; a module not listed is not.
"""

from __future__ import annotations

from types import ModuleType

import attrs

from ..rulebook import RuleSpec
from . import (
    aortic_aneurysm,
    cauda_equina,
    deep_vein_thrombosis,
    ectopic_pregnancy,
    fracture,
    general_signs,
    gluteus_maximus,
    gluteus_medius,
    gluteus_minimus,
    gynaecological,
    hip_osteoarthritis,
    iliopsoas,
    infection,
    inflammatory_back_pain,
    kidney_infection,
    kidney_stone,
    lumbar_paraspinals,
    malignancy,
    pelvic_floor,
    piriformis,
    prevention,
    progression,
    progressive_neurological_deficit,
    quadratus_lumborum,
    rectus_abdominis,
    referrals,
    sacroiliac_joint,
    safety,
    sciatica,
    shingles,
    soleus,
    technique,
    trochanteric_pain,
)

__all__ = ["MODULES", "all_rules"]

MODULES: tuple[ModuleType, ...] = (
    # red flags, one module per family
    cauda_equina,
    progressive_neurological_deficit,
    aortic_aneurysm,
    fracture,
    malignancy,
    infection,
    inflammatory_back_pain,
    ectopic_pregnancy,
    # referrals for conditions that mimic trigger-point pain
    referrals,
    kidney_stone,
    kidney_infection,
    shingles,
    deep_vein_thrombosis,
    hip_osteoarthritis,
    sacroiliac_joint,
    trochanteric_pain,
    gynaecological,
    # muscles, one module each
    quadratus_lumborum,
    iliopsoas,
    gluteus_medius,
    gluteus_minimus,
    gluteus_maximus,
    piriformis,
    rectus_abdominis,
    lumbar_paraspinals,
    soleus,
    pelvic_floor,
    # signs that cut across muscles
    general_signs,
    sciatica,
    # advice and cautions shared by all muscles
    technique,
    progression,
    safety,
    prevention,
)


def all_rules() -> tuple[RuleSpec, ...]:
    """Every rule of every module, each stamped with its module's name."""
    return tuple(
        attrs.evolve(spec, module=module.__name__.rsplit(".", 1)[1])
        for module in MODULES
        for spec in module.RULES
    )
