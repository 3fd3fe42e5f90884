# PlexM8 Companion - setup for Windows PowerShell 5.1 and PowerShell 7.
#
# Finds Python 3.10 or newer and hands every argument to setup.py:
#   .\setup.ps1                set up (.venv, dependencies, .env.local)
#   .\setup.ps1 run --demo     start with a simulated Plex server (http://localhost:5000)
#   .\setup.ps1 run            start with your Plex server (settings in .env.local)
#   .\setup.ps1 test           run the tests (arguments after "test" go to pytest)
#
# If PowerShell refuses to run scripts, allow them for this window only:
#   Set-ExecutionPolicy -Scope Process Bypass
#
# There is deliberately no param() block: every argument, including ones that
# look like PowerShell parameters (--demo, -k, -x), reaches setup.py untouched.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ScriptArgs = @($args)            # $args inside a function would be the function's own
$MinVersion = [Version]'3.10'
$SetupPy = Join-Path $PSScriptRoot 'setup.py'

function Get-PythonVersion {
    # The [Version] of "<Exe> <Prefix...>", or $null when it does not run
    # (not installed, broken, or the Microsoft Store stub that only prints a hint).
    param([string]$Exe, [string[]]$Prefix)
    $ErrorActionPreference = 'Continue'   # stderr of a failing probe must not throw
    try {
        # No double quotes inside the code: Windows PowerShell 5.1 would drop them.
        $out = & $Exe @Prefix -c 'import sys; print(*sys.version_info[:3], sep=chr(46))' 2>$null
        if ($LASTEXITCODE -ne 0 -or -not $out) { return $null }
        $text = ([string](@($out)[-1])).Trim()   # the last line, in case of warnings
        return [Version]$text
    } catch {
        return $null
    }
}

$candidates = @(
    @{ Name = 'py';      Prefix = @('-3'); Label = 'py -3' },
    @{ Name = 'python';  Prefix = @();     Label = 'python' },
    @{ Name = 'python3'; Prefix = @();     Label = 'python3' }
)

$found = $null
$tooOld = @()
$storeStub = $false
foreach ($candidate in $candidates) {
    $command = Get-Command $candidate.Name -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if (-not $command) { continue }
    $exe = $command.Path
    $version = Get-PythonVersion -Exe $exe -Prefix $candidate.Prefix
    if (-not $version) {
        if ($exe -like '*\WindowsApps\*') { $storeStub = $true }   # the Store "install me" alias
        continue
    }
    if ($version -lt $MinVersion) {
        $tooOld += "$($candidate.Label) is Python $version ($exe)"
        continue
    }
    $found = @{ Exe = $exe; Prefix = $candidate.Prefix; Label = $candidate.Label; Version = $version }
    break
}

if (-not $found) {
    Write-Host 'PlexM8 Companion needs Python 3.10 or newer, and none was found.' -ForegroundColor Red
    foreach ($line in $tooOld) { Write-Host "  too old: $line" }
    if ($storeStub) {
        Write-Host ('  The python.exe in WindowsApps is only the Microsoft Store shortcut, not a real Python ' +
            '(turn it off in Settings > Apps > Advanced app settings > App execution aliases).')
    }
    Write-Host 'Install Python from https://www.python.org/downloads/ (tick "Add python.exe to PATH"),'
    Write-Host 'or run: winget install Python.Python.3.12'
    Write-Host 'then open a new PowerShell window and run .\setup.ps1 again.'
    exit 1
}

if (-not (Test-Path -LiteralPath $SetupPy)) {
    Write-Host "setup.py not found next to setup.ps1 ($SetupPy)." -ForegroundColor Red
    exit 1
}

Write-Host "[setup] Using $($found.Label): Python $($found.Version) ($($found.Exe))"
$env:PLEXM8_LAUNCHER = '.\setup.ps1'   # setup.py prints next steps in this form
$prefix = $found.Prefix                # splatted, so an empty prefix adds no argument
& $found.Exe @prefix $SetupPy @ScriptArgs
exit $LASTEXITCODE
