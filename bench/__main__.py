"""Issue 9's goals in one run: `python -m bench`.

Why: the catalog goals (`catalog_bench.py`: whole `drift check --no-data` processes
against pg_dump, MetaData.reflect and migra's inspector, and growth to 10,000 tables)
and the data-check goals (`data_bench.py`: drift against the naive GROUP BYs and
`count(*)`) are two scripts, each with its own options. This runs both, one after the
other on an otherwise idle machine, at defaults chosen to finish in under five
minutes on 2 cores, and prints each script's output as it comes and the time taken.
Either script alone takes more options (`--help`); nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--tables", default="2000",
                        help="tables in the side-by-side catalog comparison (2000)")
    parser.add_argument("--growth", default="500,2000,10000",
                        help="sizes of the growth table (500,2000,10000)")
    parser.add_argument("--rows", default="2000000", help="rows of the data scenario (2M)")
    parser.add_argument("--repeat", default="3", help="rounds of each comparison (3)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runs = [
        [sys.executable, str(HERE / "catalog_bench.py"), "--tables", args.tables,
         "--growth", args.growth, "--repeat", args.repeat, "--growth-repeat", "1"],
        [sys.executable, str(HERE / "data_bench.py"), "--rows", args.rows,
         "--repeat", args.repeat],
    ]
    for argv_ in runs:
        print(f"$ python bench/{Path(argv_[1]).name} {' '.join(argv_[2:])}", flush=True)
        code = subprocess.run(argv_, check=False).returncode
        if code:
            return code
        print(flush=True)
    print(f"python -m bench took {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
