"""PyInstaller runtime hook, used by build.spec only for a CPU-only torch (`+cpu` wheel) paired
with a PyPI torchvision, whose compiled ops (`torchvision._C`) are a CUDA build that cannot load.

torchvision then fails at import with `RuntimeError: operator torchvision::nms does not exist`
(its meta registrations refer to the op). Defining the two op schemas, with no kernels, before
torchvision is first imported lets it import; smp/timm never call these ops. torch is imported
only when torchvision is, so the window still comes up before torch loads.
"""

import importlib.abc
import sys


class _DefineTorchvisionOpSchemas(importlib.abc.MetaPathFinder):
    library = None

    def find_spec(self, name, path=None, target=None):
        if name != "torchvision":
            return None
        sys.meta_path.remove(self)
        import torch

        library = torch.library.Library("torchvision", "DEF")
        library.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        library.define(
            "qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"
        )
        type(self).library = library  # keep the registration alive
        return None  # let the normal finders import torchvision


sys.meta_path.insert(0, _DefineTorchvisionOpSchemas())
