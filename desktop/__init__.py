"""SegDesk: an offline desktop workstation for trained image-segmentation models."""

import os

__version__ = "0.1.0"

# albumentations 2.x asks the package index for its latest version at import time; SegDesk never
# touches the network, so this must be set before anything imports albumentations.
os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
# OpenCV reads its decoder pixel limit once, when cv2 loads; keep it equal to
# desktop.core.limits.MAX_PIXELS (a test checks they agree).
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", "200000000")
