"""Image views that zoom and pan together: what one shows, the others show too.

Every view reports zoom (`zoom_changed`) and pan (its scroll bars); the others then copy its
transform, its scroll position and whether it is fitted to the window. The views show images
of the same size in panes of the same size, so equal numbers mean the same region.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QGraphicsPixmapItem, QWidget

from desktop.ui.viewer.image_view import ImageView


class SyncedImageView(ImageView):
    """An ImageView that can take over another view's zoom, pan and fit state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(False)  # these panes show the main window's image; nothing to drop
        self.outline_item = QGraphicsPixmapItem()  # drawn above the overlay, always opaque
        self.outline_item.setZValue(2)
        self.scene().addItem(self.outline_item)

    def set_outline(self, image: QImage | None) -> None:
        self.outline_item.setPixmap(QPixmap() if image is None else QPixmap.fromImage(image))

    def follow(self, source: ImageView) -> None:
        if source.is_fitted():
            self.fit()
            return
        self._fit_mode = False  # the user zoomed: a resize must not re-fit just this one
        self.setTransform(source.transform())
        self.horizontalScrollBar().setValue(source.horizontalScrollBar().value())
        self.verticalScrollBar().setValue(source.verticalScrollBar().value())
        self._after_zoom()


class ViewSync(QObject):
    def __init__(self, views: list[SyncedImageView], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views = list(views)
        self._owners: dict[QObject, SyncedImageView] = {}
        self._busy = False
        for view in self._views:
            for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
                self._owners[bar] = view
                bar.valueChanged.connect(self._on_view_moved)
            self._owners[view] = view
            view.zoom_changed.connect(self._on_view_moved)

    @Slot()
    def _on_view_moved(self) -> None:
        source = self._owners.get(self.sender())
        if source is None or self._busy:
            return
        self._busy = True
        try:
            for view in self._views:
                if view is not source and view.has_image():
                    view.follow(source)
        finally:
            self._busy = False


def add_close_shortcuts(window: QWidget) -> None:
    """Esc and the platform's Close key (Ctrl+W) close a tool window: it has no dialog buttons,
    and without a window manager's title bar (or from the keyboard) there is no other way."""
    # Every binding of Close (Ctrl+F4 and Ctrl+W here); QKeySequence(StandardKey) is the first.
    closing = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
    keys = [QKeySequence(Qt.Key.Key_Escape), *closing]
    for key in keys:
        QShortcut(key, window, window.close)


def add_zoom_shortcuts(window: QWidget, view: ImageView) -> None:
    """The main window's zoom keys (Ctrl+0 fit, Ctrl+1 100 %, Ctrl++ / Ctrl+- zoom) on `view`;
    the views synced with it follow."""
    for keys, slot in (
        ((QKeySequence("Ctrl+0"),), view.fit),
        ((QKeySequence("Ctrl+1"),), view.zoom_actual),
        ((QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")), view.zoom_in),
        ((QKeySequence(QKeySequence.StandardKey.ZoomOut),), view.zoom_out),
    ):
        for key in keys:
            QShortcut(key, window, slot)
