"""python3 -m generator [--out DIR]: writes before.json and after.json into
DIR, by default the demo folder the app embeds (crates/atoll-app/demo)."""

import argparse
import os
import sys

from . import build, write

DEMO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="generate.py", description="Writes the demo customer's before.json and after.json.")
    parser.add_argument("--out", default=DEMO, help="folder to write into (default: %(default)s)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for phase in ("before", "after"):
        inventory = build(phase)
        write(os.path.join(args.out, f"{phase}.json"), inventory)
        print(f"{phase}.json: {len(inventory['resources'])} resources, {len(inventory['coverage'])} coverage rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
