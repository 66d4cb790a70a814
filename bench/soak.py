"""Soak: the mixed traffic of bench/load.py for a given time, reporting the gunicorn workers' memory growth,
the database connections and the errors (sampled every --sample seconds).

    python bench/soak.py --seconds 1800            # 30 minutes; DATABASE_URL / REDIS_URL as for bench/load.py
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=1800)
    args, rest = parser.parse_known_args()
    load.main(["--soak", str(args.seconds), *rest])
