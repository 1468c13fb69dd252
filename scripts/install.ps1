# Installs a released accolade binary on Windows: downloads the archive for
# this machine and its .sha256 from the GitHub Release, checks the sum, and
# copies accolade.exe into the install folder. Nothing is compiled. The same
# logic as scripts/install.sh.
#
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/accolade-badges/accolade/releases/latest/download/install.ps1 | iex"
#
# Settings (environment variables):
#   ACCOLADE_VERSION       release to install, e.g. 0.1.0 (default: the latest)
#   ACCOLADE_INSTALL_DIR   where accolade.exe goes (default: %USERPROFILE%\.accolade\bin)
#   ACCOLADE_DOWNLOAD_URL  the releases address, default
#                          https://github.com/accolade-badges/accolade/releases
#   ACCOLADE_TARGET        the archive's target triple, if detection is wrong

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Fail([string]$Message) {
    Write-Error "accolade installer: error: $Message" -ErrorAction Continue
    exit 1
}

$releases = if ($env:ACCOLADE_DOWNLOAD_URL) { $env:ACCOLADE_DOWNLOAD_URL.TrimEnd('/') } else { 'https://github.com/accolade-badges/accolade/releases' }
$version = if ($env:ACCOLADE_VERSION) { $env:ACCOLADE_VERSION.TrimStart('v') } else { '' }
$installDir = if ($env:ACCOLADE_INSTALL_DIR) { $env:ACCOLADE_INSTALL_DIR } else { Join-Path $HOME '.accolade\bin' }

$target = $env:ACCOLADE_TARGET
if (-not $target) {
    # Only x86_64 is built for Windows; Windows on ARM runs it emulated.
    $target = 'x86_64-pc-windows-msvc'
}
$archive = "accolade-$target.zip"
if ($version) {
    $base = "$releases/download/v$version"
    $shown = "accolade $version"
} else {
    $base = "$releases/latest/download"
    $shown = 'the latest accolade'
}

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("accolade-install-" + [System.Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Write-Host "accolade installer: downloading $shown for $target from $base/$archive"
    $zip = Join-Path $tmp $archive
    try {
        Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive" -OutFile $zip
    } catch {
        if ($version) {
            Fail "cannot download $base/$archive : is $version a released version (see $releases)?"
        }
        Fail "cannot download $base/$archive : $_"
    }
    try {
        $sumFile = (Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive.sha256").Content
    } catch {
        Fail "cannot download the checksum $base/$archive.sha256"
    }
    if ($sumFile -is [byte[]]) { $sumFile = [System.Text.Encoding]::UTF8.GetString($sumFile) }
    # The .sha256 file is sha256sum output: "<hex>  <file name>".
    $expected = ($sumFile.Trim() -split '\s+')[0].ToLowerInvariant()
    $actual = (Get-FileHash -Algorithm SHA256 -Path $zip).Hash.ToLowerInvariant()
    if ($expected -ne $actual) {
        Fail "checksum mismatch for ${archive}: expected $expected, got $actual; nothing was installed"
    }

    $unpacked = Join-Path $tmp 'unpacked'
    Expand-Archive -Path $zip -DestinationPath $unpacked
    $binary = Get-ChildItem -Path $unpacked -Recurse -Filter 'accolade.exe' | Select-Object -First 1
    if (-not $binary) { Fail "$archive has no accolade.exe" }

    New-Item -ItemType Directory -Force -Path $installDir | Out-Null
    $partial = Join-Path $installDir '.accolade.exe.tmp'
    Copy-Item -Path $binary.FullName -Destination $partial -Force
    Move-Item -Path $partial -Destination (Join-Path $installDir 'accolade.exe') -Force
    Write-Host "accolade installer: installed $(Join-Path $installDir 'accolade.exe')"

    $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    if (-not (($userPath -split ';') -contains $installDir)) {
        Write-Host "accolade installer: note: $installDir is not on your Path; add it in Settings > Environment variables, or run:"
        Write-Host "  [Environment]::SetEnvironmentVariable('Path', `"$installDir;`$([Environment]::GetEnvironmentVariable('Path','User'))`", 'User')"
    }
} finally {
    Remove-Item -Recurse -Force -Path $tmp -ErrorAction SilentlyContinue
}
