"""Screenshots of Model › Fine-tune from Reviewed Folder… with the real training, for
docs/screenshots/finetune.png (and a look at every state), on a real display (Xvfb):

    xvfb-run -a -s "-screen 0 1600x1000x24" python tests/ui/make_finetune_screenshots.py \
        OUT_DIR resources/site-b/reviewed resources/site-b/images \
        [--keep resources/site-a/images resources/site-a/masks] [--epochs 8] [--language id]

Writes OUT_DIR/finetune-setup.png (the setup dialog as the review left it), -progress.png (the
progress window after half the epochs) and -end.png (the held-out comparison). The new model
goes into a scratch models folder ($SEGDESK_MODELS), never the user's. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

SCRATCH = Path(tempfile.mkdtemp(prefix="segdesk-finetune-shots-"))
os.environ["SEGDESK_MODELS"] = str(SCRATCH / "models")  # before anything reads it

from desktop.ui.i18n.language import install_language  # noqa: E402
from desktop.ui.shell.app import create_application  # noqa: E402
from desktop.ui.shell.error_reporting import ErrorReporter  # noqa: E402
from desktop.ui.shell.main_window import MainWindow  # noqa: E402
from desktop.ui.shell.settings import AppSettings  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from make_screenshots import save_png, settle, wait_for  # noqa: E402


def main(args: argparse.Namespace) -> None:
    app = create_application()  # noqa: F841 - the application must live until the end
    if args.language != "en":
        install_language(args.language)
    settings = AppSettings(QSettings(str(SCRATCH / "s.ini"), QSettings.Format.IniFormat))
    # As if the review of these folders had just been finished in this app.
    settings.set_choices("review", {"input_dir": str(args.images.resolve()),
                                    "output_dir": str(args.reviewed.resolve()), "active": False})
    window = MainWindow(settings, ErrorReporter(interactive=False))
    window.resize(1200, 800)
    window.show()
    window.start()
    wait_for(window.models.model_loaded)
    wait_for(window.models.devices_changed, 5) if not window.models.devices else None

    dialog = window.finetune.setup_dialog()
    if args.keep:
        dialog.keep_images_edit.setText(str(args.keep[0]))
        dialog.keep_masks_edit.setText(str(args.keep[1]))
    dialog.advanced_button.setChecked(True)
    dialog.epochs_spin.setValue(args.epochs)
    dialog.show()
    settle(600)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    save_png(dialog.grab(), out / "finetune-setup.png")
    if not dialog.start_button.isEnabled():
        raise SystemExit(f"Start is disabled: {dialog.problem.text()}")
    request, base = dialog.request(), dialog.base().name
    dialog.accept()

    progress = window.finetune.start(request, base)
    halfway = max(1, args.epochs // 2)
    while progress.plot.points() < halfway and window.finetune.running:
        wait_for(window.finetune.client.epoch_finished, 900)
    settle(200)
    save_png(progress.grab(), out / "finetune-progress.png")
    if window.finetune.running:
        wait_for(window.finetune.client.finished, 1800)
    settle(400)
    save_png(progress.grab(), out / "finetune-end.png")
    print("outcome:", progress.outcome)
    window.close()
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("reviewed", type=Path)
    parser.add_argument("images", type=Path)
    parser.add_argument("--keep", nargs=2, type=Path)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--language", default="en")
    main(parser.parse_args())
