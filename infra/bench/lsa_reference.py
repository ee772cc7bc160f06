"""Reference optimum and timing for matcher instances, by scipy.optimize.linear_sum_assignment.

Usage: python3 lsa_reference.py RUNS FILE...

Each FILE is a matcher JSON instance. Mentor capacities are expanded into slots, forbidden pairs
(null) become -inf, and the weights are maximised. Only the solver call is timed; for each file one
JSON line is printed: {"file", "seconds": [one per run], "total", "matched"}.
"""

import json
import math
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def load(path):
    with open(path) as f:
        inst = json.load(f)
    caps = [m["capacity"] for m in inst["mentors"]]
    w = np.array(
        [[-math.inf if x is None else x for x in row] for row in inst["weights"]],
        dtype=np.float64,
    ).reshape(len(inst["mentees"]), len(caps))
    return np.repeat(w, caps, axis=1)


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        w = load(path)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows, cols = linear_sum_assignment(w, maximize=True)
            times.append(time.perf_counter() - start)
        total = math.fsum(w[rows, cols])
        print(json.dumps({"file": path, "seconds": times,
                          "total": total, "matched": len(rows)}), flush=True)


if __name__ == "__main__":
    main()
