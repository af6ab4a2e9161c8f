"""Where the benchmarks find the checkout and the workplace's shared/
folder, written once for every script in bench/.

shared/ stands beside the checkout (/work/main -> /work/shared) or beside
the folder of worktrees (/work/wt/NAME -> /work/shared); the first that
exists wins, and the one beside the checkout is named when neither does
(so the error a script then gives shows the expected place).
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = next((p for p in (os.path.join(REPO, "..", "shared"),
                           os.path.join(REPO, "..", "..", "shared"))
               if os.path.isdir(p)),
              os.path.join(REPO, "..", "shared"))
SHARED_BENCH = os.path.join(SHARED, "bench")
