"""Build the desktop bundle: ``pip install ".[bundle]"`` then ``python tools/bundle.py``.

It runs PyInstaller on packaging/assocdesk.spec (one folder, dist/AssocDesk/, with the two
programs ``assocdesk`` and ``assocdesk-cli``) and packs that folder in a ``.tar.gz``. On Linux
``--deb`` also builds a Debian package installing it under /opt/assocdesk, and ``--nsis`` compiles
the Windows installer script (on Windows: the installer; on Linux: a syntax and file-list check
against the Linux folder). The build folder is outside dist/ so a rerun starts clean.

Usage: python tools/bundle.py [--deb] [--nsis] [--dist DIR] [--work DIR]
It prints one JSON line at the end: the paths built, their sizes and the time taken.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "assocdesk.spec"
NAME = "AssocDesk"
PROGRAMS = ("assocdesk", "assocdesk-cli")
ICONS = ROOT / "assocdesk" / "resources" / "icons"
# What Qt's xcb platform plugin loads from the system and PyInstaller does not carry (a fresh
# Debian desktop lacks libxcb-cursor0 and Qt then refuses to start), plus OpenGL/EGL and fonts.
DEB_DEPENDS = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)
DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "armhf"}


def version() -> str:
    """The package's one version (pyproject reads it from there too: a dynamic version)."""
    tree = ast.parse((ROOT / "assocdesk" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit("assocdesk/__init__.py names no __version__")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_folder(dist: Path, work: Path) -> Path:
    """PyInstaller's one-folder bundle, ``dist/AssocDesk``; replaced if it exists."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )
    return dist / NAME


def archive(folder: Path, target: Path, *, fast: bool = False) -> Path:
    """The folder as a ``.tar.gz`` whose one top folder is ``AssocDesk/`` (``fast``: level 1,
    for CI, where the archive is thrown away)."""
    with tarfile.open(target, "w:gz", compresslevel=1 if fast else 6) as tar:
        tar.add(folder, arcname=folder.name)
    return target


def build_deb(folder: Path, target: Path, work: Path, *, fast: bool = False) -> Path:
    """A Debian package: the bundle under /opt/assocdesk, /usr/bin wrappers, a menu entry, icons.

    /usr/bin holds small scripts rather than links, so each program starts from its own folder
    whatever way the bootloader resolves its path.
    """
    root = work / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder, root / "opt" / "assocdesk", symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in PROGRAMS:
        wrapper = bin_dir / program
        wrapper.write_text(f'#!/bin/sh\nexec /opt/assocdesk/{program} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "assocdesk.desktop", share / "applications")
    icons = share / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = ICONS / f"assocdesk-{size}.png"
        if png.exists():
            (icons / f"{size}x{size}" / "apps").mkdir(parents=True)
            shutil.copy2(png, icons / f"{size}x{size}" / "apps" / "assocdesk.png")
    if (ICONS / "assocdesk.svg").exists():
        (icons / "scalable" / "apps").mkdir(parents=True)
        shutil.copy2(ICONS / "assocdesk.svg", icons / "scalable" / "apps" / "assocdesk.svg")
    docs = share / "doc" / "assocdesk"
    docs.mkdir(parents=True)
    shutil.copy2(ROOT / "LICENSE", docs / "copyright")
    for path in root.rglob("*"):  # dpkg wants 0755 folders and no group/other write bits
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o022 | (0o755 if path.is_dir() else 0))
    control = (PACKAGING / "linux" / "control.in").read_text(encoding="utf-8")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        control.format(
            version=version(),
            arch=DEB_ARCH.get(platform.machine(), platform.machine()),
            installed_size=folder_size(root) // 1024,
            depends=", ".join(DEB_DEPENDS),
        ),
        encoding="utf-8",
    )
    # gzip: xz would save a fifth of the size for four times the build time.
    subprocess.run(
        [
            "dpkg-deb",
            "--root-owner-group",
            "-Zgzip",
            f"-z{1 if fast else 6}",
            "--build",
            str(root),
            str(target),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def build_nsis(folder: Path, target: Path, *, fast: bool = False) -> Path:
    """Compile packaging/windows/assocdesk.nsi against ``folder`` (Debian's or Windows' makensis).

    On a non-Windows bundle the programs have no ``.exe``: EXE is set empty so the script's file
    list is checked against the real folder all the same. ``fast`` stores the files
    uncompressed (a check, not an installer to ship: LZMA takes minutes on Qt).
    """
    exe = ".exe" if sys.platform == "win32" else ""
    subprocess.run(
        [
            "makensis",
            "-V2",
            f"-DDIST={folder}",
            f"-DVERSION={version()}",
            f"-DOUTFILE={target}",
            f"-DEXE={exe}",
            *(["-DFAST"] if fast else []),
            str(PACKAGING / "windows" / "assocdesk.nsi"),
        ],
        check=True,
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument("--deb", action="store_true", help="also build a .deb (Linux)")
    parser.add_argument("--nsis", action="store_true", help="also compile the NSIS installer")
    parser.add_argument(
        "--fast", action="store_true", help="light compression (CI checks, not releases)"
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="package the existing dist/AssocDesk"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    folder = dist / NAME if args.skip_build else build_folder(dist, work)
    built = time.monotonic()
    tag = f"{NAME}-{version()}-{sys.platform}-{platform.machine().lower()}"
    report: dict[str, object] = {"folder": str(folder), "folder_bytes": folder_size(folder)}
    tarball = archive(folder, dist / f"{tag}.tar.gz", fast=args.fast)
    report |= {"tar_gz": str(tarball), "tar_gz_bytes": tarball.stat().st_size}
    if args.deb:
        arch = DEB_ARCH.get(platform.machine(), platform.machine())
        deb = build_deb(folder, dist / f"assocdesk_{version()}_{arch}.deb", work, fast=args.fast)
        report |= {"deb": str(deb), "deb_bytes": deb.stat().st_size}
    if args.nsis:
        setup = build_nsis(folder, dist / f"{NAME}-{version()}-setup.exe", fast=args.fast)
        report |= {"nsis": str(setup), "nsis_bytes": setup.stat().st_size}
    report |= {
        "pyinstaller_seconds": round(built - started, 1),
        "total_seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
