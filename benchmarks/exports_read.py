"""How fast the reference-manager readers are: each export of tests/fixtures/exports/ repeated
to N records (default 10,000 per format), read as the build reads it; prints records per second.

    python benchmarks/exports_read.py [--records 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import Problems  # noqa: E402
from generator.sources.read import READERS  # noqa: E402

EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def repeated(path: Path, times: int) -> str:
    """The export with its records repeated `times` times, in the file's own syntax."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        header, _, rows = text.partition("\n")
        return header + "\n" + "\n".join([rows] * times) + "\n"
    if path.suffix == ".json":
        return json.dumps(json.loads(text) * times, indent=2, ensure_ascii=False)
    if path.suffix == ".bib":  # each copy with keys of its own, as a real library has
        return "\n".join(re.sub(r"^(@\w+\{)([^,]+),", rf"\g<1>\g<2>-{n},", text, flags=re.M)
                         for n in range(times))
    return "\n".join([text] * times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'file':22} {'records':>8} {'seconds':>8} {'records/s':>10}")
    for path in sorted(EXPORTS.iterdir()):
        reader = READERS.get(path.suffix)
        if reader is None:
            continue
        text = repeated(path, max(1, args.records // 20))
        best, count = float("inf"), 0
        for _ in range(args.runs):
            started = time.perf_counter()
            count = len(reader(text, path.name, Problems()))
            best = min(best, time.perf_counter() - started)
        print(f"{path.name:22} {count:8d} {best:8.2f} {count / best:10.0f}")


if __name__ == "__main__":
    main()
