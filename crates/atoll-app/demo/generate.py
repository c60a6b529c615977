#!/usr/bin/env python3
"""Writes the demo customer's two inventories, before.json and after.json,
beside this file (or into --out DIR). The generator itself is the package
generator/ next to it: one module per collector family.

Deterministic and standard library only:  python3 generate.py [--out DIR]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generator.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
