"""Stable allocation on the adversarial chain: n one-slot positions, n+1 candidates, K consecutive choices each,
a displaced candidate always displacing the next holder. Prints the time beside the 0.5 s target (n=5000, K=20).

Run: .venv/bin/python bench/bench_chain.py [--n 5000] [--k 20] [--repeat 3]
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from consortium.matcher.allocation import allocate_stable  # noqa: E402
from consortium.matcher.core import Candidate, Position  # noqa: E402
from consortium.matcher.scoring import ScoreTable  # noqa: E402


def chain(n: int, k: int):
    positions = [Position(f"p{j:05d}", "internship", "企业", slots=1) for j in range(n)]
    candidates = [Candidate(f"c{i:05d}", "student", "学校") for i in range(n + 1)]
    starts = list(range(n)) + [0]
    top_pos = np.array([[(s + t) % n for t in range(k)] for s in starts], dtype=np.int64)
    top_score = np.tile(50.0 + np.arange(k, dtype=np.float64), (n + 1, 1))
    table = ScoreTable(candidates=candidates, positions=positions, top_pos=top_pos, top_score=top_score,
                       top_len=np.full(n + 1, k, dtype=np.int64), near_pos=np.full((n + 1, 1), -1),
                       near_score=np.zeros((n + 1, 1)), why={}, catalog=None, weights=None, min_score=0.0,
                       top_k=k, stats={})
    return table, candidates, positions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    table, cands, poss = chain(args.n, args.k)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        alloc = allocate_stable(table, cands, poss)
        times.append(time.perf_counter() - t0)
    print(f"chain n={args.n} K={args.k}: best {min(times):.3f} s of {args.repeat} (target ≤ 0.5 s), "
          f"{alloc.proposals} proposals, {len(alloc.assignments)} placed, load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
