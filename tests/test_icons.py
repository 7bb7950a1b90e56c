"""The application icon travels whole: every PNG size at its pixel size, a Windows .ico with
several sizes, the SVG source and its licence, all inside the installed package (issue 17, 4)."""

from __future__ import annotations

import struct

import pytest
from PySide6.QtGui import QColor, QImage

from assocdesk.package_data import resource

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEAL = QColor("#0f766e")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first one, right after the signature)."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", PNG_SIZES)
def test_each_png_is_drawn_at_its_size(size: int) -> None:
    data = resource("icons", f"assocdesk-{size}.png").read_bytes()
    assert png_size(data) == (size, size)


def test_the_ico_holds_every_size_up_to_256() -> None:
    data = resource("icons", "assocdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)  # 1: an icon, not a cursor
    found = []
    for index in range(count):
        width, height, _colors, _reserved, _planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        side = width or 256  # 0 stands for 256
        assert height == width and bits == 32
        image = data[offset : offset + length]
        assert png_size(image) == (side, side)
        found.append(side)
    assert sorted(found) == list(ICO_SIZES)


@pytest.mark.parametrize("size", (16, 256))
def test_the_icon_is_a_white_heart_on_teal(size: int) -> None:
    """Not a blank or wrongly coloured file: teal at the left edge, white in the heart, and
    transparent corners outside the rounded square."""
    image = QImage()
    assert image.loadFromData(resource("icons", f"assocdesk-{size}.png").read_bytes())
    edge = image.pixelColor(size // 10, size // 2)
    heart = image.pixelColor(size // 2, int(size * 0.4))
    corner = image.pixelColor(0, 0)
    assert max(abs(edge.red() - TEAL.red()), abs(edge.green() - TEAL.green())) < 12
    assert min(heart.red(), heart.green(), heart.blue()) > 230
    assert corner.alpha() < 40


def test_the_svg_source_and_its_licence_ship_with_it() -> None:
    svg = resource("icons", "assocdesk.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "#0f766e" in svg
    readme = resource("icons", "README").read_text(encoding="utf-8")
    assert "GPL-3.0-or-later" in readme and "drawn for the AssocDesk project" in readme
