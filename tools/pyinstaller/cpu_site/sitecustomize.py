"""Build-time only: put on PYTHONPATH by build.spec for a CPU-only torch beside a CUDA torchvision,
so the subprocesses in which PyInstaller's hooks import smp/timm/torchvision can import them.
The same code runs in the bundle as a runtime hook (../rthook_cpu_torchvision.py)."""

from pathlib import Path

exec(compile((Path(__file__).parents[1] / "rthook_cpu_torchvision.py").read_text("utf-8"),
             "rthook_cpu_torchvision.py", "exec"))
