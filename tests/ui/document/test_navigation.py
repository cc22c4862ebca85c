"""Previous/next in a folder and the recent-files list: plain logic, no Qt."""

from __future__ import annotations

from pathlib import Path

from desktop.ui.document.navigation import neighbor_image, push_recent, sibling_images
from tests.ui.conftest import write_image


def test_siblings_in_natural_order_and_neighbors(tmp_path: Path) -> None:
    for name in ("img10.png", "img2.png", "IMG1.png"):
        write_image(tmp_path / name, 8, 8)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.png").write_bytes(b"")
    names = [p.name for p in sibling_images(tmp_path / "img2.png")]
    assert names == ["IMG1.png", "img2.png", "img10.png"]
    assert neighbor_image(tmp_path / "img2.png", +1).name == "img10.png"
    assert neighbor_image(tmp_path / "img2.png", -1).name == "IMG1.png"
    assert neighbor_image(tmp_path / "img10.png", +1) is None
    assert neighbor_image(tmp_path / "IMG1.png", -1) is None
    # The shown file was deleted meanwhile: continue from where it would sort.
    assert neighbor_image(tmp_path / "img5.png", +1).name == "img10.png"
    assert neighbor_image(tmp_path / "img5.png", -1).name == "img2.png"


def test_recent_list_moves_to_front_without_duplicates() -> None:
    recent = push_recent(["/a", "/b", "/c"], "/b")
    assert recent == ["/b", "/a", "/c"]
    assert len(push_recent([f"/{i}" for i in range(10)], "/new")) == 10
