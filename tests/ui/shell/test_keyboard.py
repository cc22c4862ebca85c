"""Every command without a mouse (issue #18): Space and Return/Enter press the focused button
instead of firing the app-wide Space (overlay) and Return (accept) shortcuts, every button of
the main window has a menu command, and keyboard focus is drawn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QTabBar, QToolButton

from desktop.core import paths
from desktop.ui.controls import overlay_controls
from tests.ui.conftest import segment_and_wait
from tests.ui.exact_check.test_exact_check import FLIPPED, bf16_services  # noqa: F401 - a fixture


def _approximate_result(qtbot, window, images) -> None:
    picker = window.device_picker
    qtbot.waitUntil(lambda: picker.count() == 2, timeout=10_000)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        picker.activated.emit(1)  # CPU bf16 (approximate)
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)


def _tab_to(qtbot, window, target) -> None:
    """Press Tab from the image until `target` has the focus, as a keyboard user would."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    for _ in range(80):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.text()!r}")


def test_space_on_the_focused_check_button_runs_the_check_not_the_overlay_toggle(
    qtbot,
    make_window,
    images,
    bf16_services,  # noqa: F811
):
    window = make_window(services=bf16_services)
    _approximate_result(qtbot, window, images)
    button = window.exact_check.button
    _tab_to(qtbot, window, button)
    with qtbot.waitSignal(window.client.exact_checked, timeout=20_000):
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.exact_check.check.differing_pixels == FLIPPED  # the fake bf16's flips
    assert window.session.overlay_style.visible  # Space did not also hide the overlay
    qtbot.keyClick(window.view, Qt.Key.Key_Space)  # elsewhere Space still toggles it
    assert not window.session.overlay_style.visible


def test_return_on_a_focused_button_presses_it(qtbot, make_window, images):
    window = make_window()
    window.document.open_image(images[0])
    _tab_to(qtbot, window, window.segment_button)
    with qtbot.waitSignal(window.client.predicted, timeout=20_000):
        qtbot.keyClick(window.segment_button, Qt.Key.Key_Return)
    assert window.session.result.image_path == images[0]


def test_the_check_runs_from_the_model_menu(qtbot, make_window, images, bf16_services):  # noqa: F811
    window = make_window(services=bf16_services)
    assert not window.commands.check_exact.isEnabled()  # no approximate result yet
    _approximate_result(qtbot, window, images)
    assert window.commands.check_exact.isEnabled()
    with qtbot.waitSignal(window.client.exact_checked, timeout=20_000):
        window.commands.check_exact.trigger()
    assert window.exact_check.check.differing_pixels == FLIPPED  # the fake bf16's flips


def test_the_overlay_colour_can_be_chosen_from_the_view_menu(qtbot, make_window, monkeypatch):
    window = make_window()
    monkeypatch.setattr(overlay_controls.QColorDialog, "getColor", lambda *args: QColor(10, 20, 30))
    window.commands.overlay_colour.trigger()
    assert window.session.overlay_style.color == (10, 20, 30)
    window.commands.modes["heatmap"].trigger()  # the heat map has no colour to choose
    assert not window.commands.overlay_colour.isEnabled()


def _menu_actions(window) -> set:
    found, menus = set(), [window.menuBar()]
    while menus:
        for action in menus.pop().actions():
            found.add(action)
            if isinstance(action.menu(), QMenu):
                menus.append(action.menu())
    return found


def test_every_button_of_the_window_has_a_menu_command(make_window):
    window = make_window()
    a = window.commands
    # The buttons that are not bound to an action (a QToolButton's defaultAction) and the
    # menu command that does the same.
    commands = {
        window.exact_check.button: a.check_exact,
        window.overlay_controls.color_button: a.overlay_colour,
        window.model_picker.info_button: a.model_info,
        window.status.cancel_button: a.cancel,
        window.review_panel.accept_button: a.accept_review,
        window.review_panel.previous_button: a.previous_image,
        window.review_panel.next_button: a.next_image,
        window.review_panel.end_button: a.end_review,
    }
    in_menus = _menu_actions(window)
    buttons = window.findChildren(QPushButton) + window.findChildren(QToolButton)
    checked = 0
    for button in buttons:
        if isinstance(button.parent(), QTabBar) or button is window.menuBar().findChild(
            QToolButton, "qt_menubar_ext_button"
        ):
            continue  # Qt's own scroll arrows and menu-bar overflow
        action = commands.get(button)
        if action is None and isinstance(button, QToolButton):
            action = button.defaultAction()
        assert action is not None, f"no menu command for the button {button.text()!r}"
        assert action in in_menus, f"{action.text()!r} ({button.text()!r}) is in no menu"
        checked += 1
    assert checked >= 16


def test_the_style_sheet_draws_keyboard_focus():
    qss = (paths.resources_dir() / "style.qss").read_text(encoding="utf-8")
    assert "QToolButton#segmentButton:focus" in qss
    for control in ("QPushButton:focus", "QToolButton:focus", "QComboBox:focus"):
        assert control in qss
