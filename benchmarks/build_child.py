"""One build of a project, its stage timings printed as JSON: the process `site_scale.py`
measures. It imports only what `build-site` does, so its CPU and memory are the build's.

    python benchmarks/build_child.py PROJECT
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import BuildOptions, build  # noqa: E402
from generator.config import load_config  # noqa: E402


def main(project: Path) -> None:
    started = time.perf_counter()
    result = build(load_config(project / "site.toml"), BuildOptions())
    used = os.times()  # this process's children are the Pagefind processes it waited for
    print(json.dumps({"papers": len(result.papers), "stages": result.cpu,
                      "pages": result.pages, "reused": result.reused,
                      "wall": time.perf_counter() - started,
                      "pagefind_cpu": used.children_user + used.children_system}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
