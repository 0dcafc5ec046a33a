"""Report the oldest glibc a bundle can start on: the highest GLIBC_ symbol version any ELF file in it needs.

Usage: python installer/check_glibc.py BUNDLE_DIR [--floor 2.31]

Every regular file starting with the ELF magic is read with binutils' `objdump -p` (its "Version
References": what each file requires from libc.so.6, libm.so.6, libpthread.so.0 …). The highest GLIBC_
version across the bundle is the glibc it needs; with --floor, any file needing more is named with the
symbols that need it (from `objdump -T`) and the exit code is 1. Kylin V10 SP1 has glibc 2.31, UOS 20
(Debian 10) 2.28, Debian 11 2.31, Debian 12 2.36, Ubuntu 20.04 2.31, 22.04 2.35.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = re.compile(r"\bGLIBC_(\d+(?:\.\d+)+)\b")


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def show(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def elf_files(root: Path) -> list[Path]:
    """Every regular (non-symlink) file under root that starts with the ELF magic."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) == b"\x7fELF":
                found.append(path)
    return found


def required_glibc(path: Path) -> list[tuple[int, ...]]:
    """The GLIBC_ versions the file's version-needs section names (empty for a static or non-glibc file)."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=False).stdout
    refs = out.split("Version References:", 1)
    return [parse_version(v) for v in VERSION.findall(refs[1])] if len(refs) == 2 else []


def symbols_needing(path: Path, above: tuple[int, ...]) -> list[str]:
    """The undefined dynamic symbols bound to a GLIBC_ version above `above`, as NAME@GLIBC_X.Y."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
    found = set()
    for line in out.splitlines():
        match = VERSION.search(line)
        if match and "*UND*" in line and parse_version(match.group(1)) > above:
            found.add(f"{line.split()[-1]}@GLIBC_{match.group(1)}")
    return sorted(found)


def needs(root: Path) -> tuple[dict[Path, tuple[int, ...]], int]:
    """({file: the highest GLIBC_ version it needs}, ELF files read)."""
    files = elf_files(root)
    return {path: max(versions) for path in files if (versions := required_glibc(path))}, len(files)


def check(root: Path, floor: tuple[int, ...] | None) -> tuple[tuple[int, ...], dict[Path, tuple[int, ...]], int]:
    """(the version the bundle needs, {file: its need} for files above the floor, ELF files read)."""
    found, count = needs(root)
    reached = max(found.values(), default=(2, 0))
    over = {path: need for path, need in found.items() if floor is not None and need > floor}
    return reached, over, count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--floor", help="the oldest glibc the bundle must start on, e.g. 2.31")
    args = parser.parse_args(argv)
    if shutil.which("objdump") is None:
        print("check_glibc: objdump not found (Debian package binutils)", file=sys.stderr)
        return 2
    if not args.bundle.is_dir():
        print(f"check_glibc: {args.bundle} is not a folder", file=sys.stderr)
        return 2
    floor = parse_version(args.floor) if args.floor else None
    found, count = needs(args.bundle)
    if count == 0:
        print(f"check_glibc: no ELF file in {args.bundle}", file=sys.stderr)
        return 2
    reached = max(found.values(), default=(2, 0))
    over = {path: need for path, need in found.items() if floor is not None and need > floor}
    # above the floor; without one, the files that set the bundle's need, and what they need it for
    shown = over if floor is not None else {path: need for path, need in found.items() if need == reached}
    below = floor if floor is not None else (*reached[:-1], reached[-1] - 1)
    for path, need in sorted(shown.items(), key=lambda item: (item[1], str(item[0])), reverse=True):
        symbols = symbols_needing(path, below)
        more = f" (+{len(symbols) - 6} more)" if len(symbols) > 6 else ""
        print(f"  needs glibc {show(need)}: {path.relative_to(args.bundle)}: {', '.join(symbols[:6])}{more}")
    verdict = ""
    if floor is not None:
        verdict = f"; above the floor {show(floor)} in {len(over)} files" if over else f"; within the floor {show(floor)}"
    print(f"glibc floor: {show(reached)} ({count} ELF files read{verdict})")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
