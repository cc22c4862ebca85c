"""`batch --threads T` (DESIGN §13): every pool a part starts is held to T threads. Run in a
fresh process, since the cap is process-wide by design."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from desktop.core import thread_budget as budget
budget.cap_threads({threads})
import os, cv2, torch
budget.use_torch_threads_here()  # what the exact engine does before every call
print(torch.get_num_threads(), cv2.getNumThreads(), budget.image_parallel_layout(),
      budget.thread_cap(), os.environ["OMP_NUM_THREADS"])
"""


def _run(threads: int, offline_subprocess_env) -> str:
    env = {k: v for k, v in offline_subprocess_env.items() if k != "OMP_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(threads=threads)], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_one_thread_caps_torch_opencv_and_the_image_parallel_layout(offline_subprocess_env):
    assert _run(1, offline_subprocess_env) == "1 1 (1,) 1 1"


def test_a_larger_cap_shares_images_out_as_the_machine_would(offline_subprocess_env):
    assert _run(3, offline_subprocess_env) == "3 3 (1, 1, 1) 3 3"
