import os
import sys

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")

from benchmarks.run import main  # noqa: E402

sys.exit(main())
