"""``python -m trigger_rules``: the same command line as ``trigger-rules``."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
