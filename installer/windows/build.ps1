<#
.SYNOPSIS
Build StationDesk for Windows in one command, on a Windows 10/11 PC with Python 3.11 (python.org).

.DESCRIPTION
From the repository's folder, in PowerShell (Windows PowerShell 5.1 or PowerShell 7):

    powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1

1. a virtual environment build\venv with exactly requirements.lock (pip --require-hashes), the program
   installed into it;
2. the icons (installer\make_icons.py -> build\icons, where installer\stationdesk.spec looks for them);
3. PyInstaller with installer\stationdesk.spec -> build\dist\stationdesk (stationdesk.exe windowed,
   stationdesk-cli.exe console), and the bundle's own --self-test;
4. the Inno Setup script rendered from the version with Windows paths (installer\windows\render.py ->
   build\windows\stationdesk.iss);
5. Inno Setup's ISCC.exe if installed -> build\StationDesk-VERSION-setup.exe; otherwise (or with
   -Portable) a zip of the bundle -> build\StationDesk-VERSION-portable.zip (unzip, run stationdesk.exe).

Nothing is downloaded but the packages the lock names (from PyPI, hashes checked).

.PARAMETER Python
The Python 3.11 to build with. Default: "py -3.11" (the python.org launcher), else python on PATH.

.PARAMETER Portable
Make the portable zip as well, even when Inno Setup is installed.
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [switch]$Portable
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3.0
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Started = Get-Date

function Invoke-Checked {
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed (exit code $LASTEXITCODE)" }
}

function Find-Python {
    if ($Python) { return $Python }
    if (Get-Command py -ErrorAction SilentlyContinue) {
        # (no 2> redirection: Windows PowerShell 5.1 turns a native program's stderr into a terminating error)
        $found = & py -3.11 -c "import sys; print(sys.executable)"
        if ($LASTEXITCODE -eq 0 -and $found) { return "$found".Trim() }
    }
    $onPath = Get-Command python -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    throw "Python 3.11 not found: install it from python.org (with the py launcher) or pass -Python C:\path\python.exe"
}

function Find-Iscc {
    $onPath = Get-Command iscc -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $candidates = @()
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA "Programs"))) {
        if ($base) { $candidates += (Join-Path $base "Inno Setup 6\ISCC.exe") }
    }
    foreach ($candidate in $candidates) {
        if (Test-Path $candidate) { return $candidate }
    }
    return $null
}

# 1. Python 3.11 and the venv from the lock
$BasePython = Find-Python
Invoke-Checked $BasePython @("-c", "import sys; assert sys.version_info[:2] == (3, 11), 'Python 3.11 needed, not ' + sys.version")
$Venv = Join-Path $Root "build\venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    Write-Host "venv: $Venv (from $BasePython)"
    Invoke-Checked $BasePython @("-m", "venv", $Venv)
}
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--disable-pip-version-check", "--require-hashes", "-r", "requirements.lock")
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "-e", ".")
$Version = (& $VenvPython -c "import stationdesk; print(stationdesk.__version__)").Trim()
Write-Host "StationDesk $Version"

# 2. icons, where the spec looks for them
Invoke-Checked $VenvPython @("installer\make_icons.py", "build\icons")

# 3. the one-folder bundle and its self-test
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", "build\dist", "--workpath", "build\work", "installer\stationdesk.spec")
$Bundle = Join-Path $Root "build\dist\stationdesk"
Invoke-Checked (Join-Path $Bundle "stationdesk-cli.exe") @("--self-test")

# 4. the Inno Setup script, rendered here with Windows paths relative to build\windows
$Iss = Join-Path $Root "build\windows\stationdesk.iss"
Invoke-Checked $VenvPython @("installer\windows\render.py", $Bundle, $Iss)

# 5. the installer, or a portable zip
$Made = @()
$Iscc = Find-Iscc
if ($Iscc) {
    $Languages = Join-Path (Split-Path $Iscc) "Languages\ChineseSimplified.isl"
    if (-not (Test-Path $Languages)) {
        Write-Warning "$Languages is missing: the installer's own dialogs will be English (the program is Chinese either way). Put Inno Setup's Chinese Simplified translation there for Chinese dialogs."
    }
    Invoke-Checked $Iscc @("/Qp", $Iss)
    $Made += Join-Path $Root "build\StationDesk-$Version-setup.exe"
}
else {
    Write-Warning "Inno Setup 6 (ISCC.exe) not found: making the portable zip only."
}
if ($Portable -or -not $Iscc) {
    $Zip = Join-Path $Root "build\StationDesk-$Version-portable"
    if (Test-Path "$Zip.zip") { Remove-Item "$Zip.zip" }
    Invoke-Checked $VenvPython @("-c", "import shutil, sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2], 'stationdesk')",
        $Zip, (Join-Path $Root "build\dist"))
    $Made += "$Zip.zip"
}

foreach ($file in $Made) {
    if (-not (Test-Path $file)) { throw "expected output missing: $file" }
    Write-Host ("made: {0} ({1:N0} MB)" -f $file, ((Get-Item $file).Length / 1MB))
}
Write-Host ("build time: {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)
