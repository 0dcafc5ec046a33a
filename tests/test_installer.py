"""The installers' scripts, checked on Linux without building a bundle: the Inno Setup script renders with
Windows paths, build.ps1 names only files that exist and the outputs the other scripts produce, the .deb's
entries have the right owner and modes and nothing under /opt, the glibc check reads real ELF files, and the
Debian 11 lock is the main lock but for PySide6. (Nothing here runs on Windows: see docs/building.md.)"""

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path, PureWindowsPath

import pytest

import stationdesk

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
BUILD_PS1 = INSTALLER / "windows" / "build.ps1"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_bundle(build: Path, exe: str = ".exe") -> Path:
    bundle = build / "dist" / "stationdesk"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("stationdesk", "stationdesk-cli"):
        (bundle / f"{name}{exe}").write_bytes(b"MZ")
    (bundle / "_internal" / "python311.dll").write_bytes(b"MZ")
    (build / "icons").mkdir()
    (build / "icons" / "stationdesk.ico").write_bytes(b"\0\0\1\0")
    return bundle


def test_the_inno_setup_script_renders_with_windows_paths_relative_to_itself(tmp_path):
    render = _load(INSTALLER / "windows" / "render.py")
    build = tmp_path / "build"
    bundle = _fake_bundle(build)
    out = build / "windows" / "stationdesk.iss"
    text, missing = render.render(bundle, out)
    assert missing == []
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert str(tmp_path) not in text, "no path of the machine that rendered it"
    sources = re.findall(r'^Source: "([^"]+)"', text, flags=re.MULTILINE)
    assert sources == [r"..\dist\stationdesk\stationdesk.exe", r"..\dist\stationdesk\stationdesk-cli.exe",
                       r"..\dist\stationdesk\_internal\*"]
    icon = re.search(r"^SetupIconFile=(.+)$", text, flags=re.MULTILINE).group(1)
    assert PureWindowsPath(r"build\windows", icon).parts[-2:] == ("icons", "stationdesk.ico")
    assert "/" not in icon and not any("/" in s for s in sources)
    assert f'#define AppVersion "{stationdesk.__version__}"' in text
    # build.ps1 looks for the installer in build\ under this name
    assert re.search(r"^OutputDir=\.\.$", text, flags=re.MULTILINE)
    assert "OutputBaseFilename=StationDesk-{#AppVersion}-setup" in text


def test_the_render_names_what_the_bundle_lacks(tmp_path):
    render = _load(INSTALLER / "windows" / "render.py")
    bundle = _fake_bundle(tmp_path / "build", exe="")  # as built on Linux: no .exe, which is allowed
    (bundle / "stationdesk-cli").unlink()
    shutil.rmtree(bundle / "_internal")
    (bundle / "_internal").mkdir()
    _, missing = render.render(bundle, tmp_path / "build" / "windows" / "stationdesk.iss")
    assert missing == [r"..\dist\stationdesk\stationdesk-cli.exe", r"..\dist\stationdesk\_internal\*"]


def test_the_installer_installs_per_machine_or_per_user_silently_and_never_touches_the_data():
    template = (INSTALLER / "windows" / "stationdesk.iss.in").read_text(encoding="utf-8")
    setup = dict(re.findall(r"^(\w+)=(.*)$", template.split("[Setup]", 1)[1].split("\n[", 1)[0], re.MULTILINE))
    assert setup["PrivilegesRequired"] == "admin"  # per machine unless /CURRENTUSER or the dialog says so
    assert set(setup["PrivilegesRequiredOverridesAllowed"].split()) == {"commandline", "dialog"}
    assert setup["DefaultDirName"] == r"{autopf}\StationDesk"
    assert "[UninstallDelete]" not in template
    deletes = template.split("[InstallDelete]", 1)[1].split("\n[", 1)[0]
    assert re.findall(r'Name: "([^"]+)"', deletes) == [r"{app}\_internal"]
    code = "\n".join(line for line in template.lower().splitlines() if not line.startswith(";"))
    assert "{localappdata" not in code and "{userappdata" not in code and "{userdocs" not in code
    for flag in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/ALLUSERS", "/CURRENTUSER"):
        assert flag in template


def _ps1_strings() -> list[str]:
    return re.findall(r'"([^"$]*)"', BUILD_PS1.read_text(encoding="ascii"))


def test_build_ps1_names_only_files_in_the_repository():
    """pwsh is not installable here (neither Debian nor npm ships it), so its syntax is not checked: what
    can be checked is that every input it names exists and every output is where the next step looks."""
    text = BUILD_PS1.read_text(encoding="ascii")  # Windows PowerShell 5.1 reads a BOM-less script as ANSI
    inputs = [s for s in _ps1_strings() if re.match(r"(installer|resources|requirements|pyproject)", s)]
    assert {"requirements.lock", r"installer\make_icons.py", r"installer\stationdesk.spec",
            r"installer\windows\render.py"} <= set(inputs)
    for path in inputs:
        assert (ROOT / Path(*PureWindowsPath(path).parts)).exists(), path
    # outputs line up with the spec (icons), render.py (script) and the .iss (installer's name and folder)
    spec = (INSTALLER / "stationdesk.spec").read_text(encoding="utf-8")
    assert 'ICONS = ROOT / "build" / "icons"' in spec and r'"build\icons"' in text
    assert r'"--distpath", "build\dist"' in text and r'"build\dist\stationdesk"' in text
    assert r'"build\windows\stationdesk.iss"' in text
    assert r'"build\StationDesk-$Version-setup.exe"' in text
    assert '"--require-hashes", "-r", "requirements.lock"' in text
    # balanced braces and parentheses outside strings and comments: a crude stand-in for a parser
    code = re.sub(r'"[^"]*"|\'[^\']*\'|<#.*?#>|#[^\n]*', "", text, flags=re.DOTALL)
    for opening, closing in ("{}", "()", "[]"):
        assert code.count(opening) == code.count(closing), opening + closing


def test_the_windows_workflow_builds_installs_silently_and_self_tests():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert r".\installer\windows\build.ps1" in text and "python-version: \"3.11\"" in text
    assert text.count("--self-test") >= 3
    for flag in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/ALLUSERS"):
        assert flag in text
    assert "\t" not in text


@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils' objdump")
def test_check_glibc_reads_the_versions_elf_files_need(tmp_path, capsys):
    check_glibc = _load(INSTALLER / "check_glibc.py")
    libc = os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # "glibc 2.36" on Debian 12
    for program in ("ls", "objdump"):
        shutil.copy(shutil.which(program), tmp_path / program)
    (tmp_path / "notes.txt").write_text("not an ELF file")
    (tmp_path / "link").symlink_to(tmp_path / "ls")
    reached, over, count = check_glibc.check(tmp_path, None)
    assert count == 2 and over == {}
    assert (2, 2) <= reached <= check_glibc.parse_version(libc)
    reached, over, _ = check_glibc.check(tmp_path, (2, 0))
    assert set(over) == {tmp_path / "ls", tmp_path / "objdump"}
    assert check_glibc.main([str(tmp_path), "--floor", "2.0"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"needs glibc [\d.]+: ls: \w+@GLIBC_", out)
    assert f"glibc floor: {check_glibc.show(reached)} (2 ELF files read; above the floor 2.0 in 2 files)" in out
    assert check_glibc.main([str(tmp_path), "--floor", libc]) == 0


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb")
def test_the_deb_has_root_owned_0755_directories_and_nothing_under_opt(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    for name in ("stationdesk", "stationdesk-cli"):
        (bundle / name).write_text("#!/bin/sh\n")
        (bundle / name).chmod(0o700)
    (bundle / "_internal" / "PySide6" / "lib.so").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "PySide6" / "lib.so").chmod(0o600)
    icons = tmp_path / "icons"
    icons.mkdir()
    for size in (16, 24, 32, 48, 64, 128, 256):
        (icons / f"stationdesk-{size}.png").write_bytes(b"\x89PNG")
    for path in (bundle, bundle / "_internal", bundle / "_internal" / "PySide6"):
        path.chmod(0o700)
    deb = subprocess.run([str(INSTALLER / "linux" / "build-deb.sh"), str(bundle), str(icons), str(tmp_path / "out"),
                          "9.9.9", "2.31"], capture_output=True, text=True, check=True).stdout.strip()
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    entries = {line.split()[5]: (line.split()[0], line.split()[1]) for line in listing.splitlines()}
    assert entries["./"] == ("drwxr-xr-x", "root/root")
    assert {mode for mode, _ in entries.values()} <= {"drwxr-xr-x", "-rw-r--r--", "-rwxr-xr-x", "lrwxrwxrwx"}
    assert {owner for _, owner in entries.values()} == {"root/root"}
    assert not [path for path in entries if path.startswith("./opt")]
    assert entries["./usr/lib/stationdesk/stationdesk-cli"][0] == "-rwxr-xr-x"
    assert entries["./usr/lib/stationdesk/_internal/PySide6/lib.so"][0] == "-rw-r--r--"
    control = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True, check=True).stdout
    assert control.startswith("libc6 (>= 2.31), ")
    desktop = (INSTALLER / "linux" / "stationdesk.desktop").read_text(encoding="utf-8")
    assert "Exec=/usr/lib/stationdesk/stationdesk\n" in desktop and "./usr/lib/stationdesk/stationdesk" in entries


def _pins(path: Path) -> dict[str, str]:
    return {name.lower(): version for name, version in
            re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", path.read_text(), flags=re.MULTILINE)}


def test_the_debian_11_lock_is_the_main_lock_but_for_pyside6():
    main = _pins(ROOT / "requirements.lock")
    bullseye = _pins(INSTALLER / "linux" / "requirements-bullseye.lock")
    different = {name for name in bullseye if main.get(name) != bullseye[name]}
    assert different == {"pyside6-essentials", "shiboken6"}
    assert bullseye["pyside6-essentials"].startswith("6.9.")  # the last manylinux_2_28 wheels
    text = (INSTALLER / "linux" / "requirements-bullseye.lock").read_text()
    assert text.count("--hash=sha256:") > 100
