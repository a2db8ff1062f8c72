"""Packaging: scripts/package-deb builds a .deb of the binary under test (no second, release build: the CI's time
matters more than the package's size here), whose metadata and contents dpkg-deb reads back, which unpacked into a
throwaway root runs on its bundled Swift runtime and finds its web app, and which lintian passes (errors fail the
test, except the overrides the package ships with their reasons); scripts/install-desktop installs the app for a
user of a temporary HOME and removes it again, leaving the user's data."""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from support.desktop import REPO, Desktop, Home

# Runtime packages the package must declare (Debian 12's names): what the binary links, the password dictionary,
# and xdg-open for store links.
REQUIRED = ["libgtk-3-0", "libwebkit2gtk-4.1-0", "libayatana-appindicator3-1", "libnotify4", "libsecret-1-0", "libxml2",
            "libcrack2", "cracklib-runtime", "xdg-utils"]
# What /usr/lib/mantis may hold: Swift's runtime (libswift*, Foundation, Dispatch, BlocksRuntime, ICU's data),
# never a library a Debian package provides.
SWIFT_RUNTIME = re.compile(r"^(libswift\w*|libFoundation\w*|lib_FoundationICU|libdispatch|libBlocksRuntime)\.so$")


def run(*arguments, **kwargs):
    return subprocess.run(arguments, check=True, capture_output=True, text=True, **kwargs).stdout


@pytest.fixture(scope="module")
def tools():
    subprocess.run([str(REPO / "scripts" / "apt-install"), "desktop-file-utils", "dpkg-dev", "binutils", "patchelf"],
                   check=True)


@pytest.fixture(scope="module")
def deb(desktop_binary, tools, tmp_path_factory):
    output = tmp_path_factory.mktemp("deb")
    # Quickly compressed: a debug build is large, and compressing it well would be most of the script's time.
    printed = run(str(REPO / "scripts" / "package-deb"), "--binary", str(desktop_binary), "--output", str(output),
                  "--compression", "gzip:1", cwd=REPO)
    path = Path(printed.strip().splitlines()[-1])
    assert path.is_file() and path.parent == output
    return path


@pytest.fixture(scope="module")
def unpacked(deb, tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    run("dpkg-deb", "-x", str(deb), str(root))
    return root


def field(deb, name):
    return run("dpkg-deb", "--field", str(deb), name).strip()


def depends_names(deb):
    return {re.split(r"[\s(]", alternative.strip())[0]
            for clause in field(deb, "Depends").split(",") for alternative in clause.split("|")}


def test_the_package_declares_its_name_version_architecture_and_dependencies(deb):
    info = run("dpkg-deb", "--info", str(deb))
    assert field(deb, "Package") == "mantis-desktop"
    version = field(deb, "Version")
    assert re.fullmatch(r"[0-9][A-Za-z0-9.+~]*", version), version  # a native version dpkg accepts
    assert field(deb, "Architecture") == run("dpkg", "--print-architecture").strip()
    assert re.fullmatch(r".+ <[^@\s]+@[^@\s]+>", field(deb, "Maintainer"))
    assert field(deb, "Description").startswith("self-hosted product price tracker"), info
    assert deb.name == f"mantis-desktop_{version}_{field(deb, 'Architecture')}.deb"
    missing = [name for name in REQUIRED if name not in depends_names(deb)]
    assert not missing, f"Depends lacks {missing}: {field(deb, 'Depends')}"
    assert int(field(deb, "Installed-Size")) > 1000


def test_every_library_the_binary_loads_is_declared_or_bundled(deb, unpacked, desktop_binary):
    declared = depends_names(deb)
    bundled = {p.name for p in (unpacked / "usr" / "lib" / "mantis").iterdir()}
    for line in run("ldd", str(desktop_binary)).splitlines():
        match = re.match(r"\s*(\S+) => (/\S+)", line)
        if not match:
            continue
        name, path = match.groups()
        owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if owner.returncode != 0:
            owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True)
        if owner.returncode != 0:
            assert name in bundled, f"{name} ({path}) is neither a Debian package's nor in /usr/lib/mantis"
    # Directly linked system libraries are all declared (dpkg-shlibdeps): spot-check the issue's own list.
    for package in ("libgtk-3-0", "libwebkit2gtk-4.1-0", "libayatana-appindicator3-1", "libnotify4", "libsecret-1-0"):
        assert package in declared


def test_the_package_holds_the_app_its_runtime_the_web_app_the_entry_and_the_icon(deb):
    listing = run("dpkg-deb", "--contents", str(deb)).splitlines()
    entries = {}
    for line in listing:
        mode, owner, _size, _date, _time, path = line.split(None, 5)
        entries[path.split(" -> ")[0]] = (mode, owner)
    assert all(owner == "root/root" for _mode, owner in entries.values())
    assert all(path.startswith("./usr/") or path in ("./", "./usr/") for path in entries), sorted(entries)
    assert entries["./usr/bin/mantis-desktop"][0] == "-rwxr-xr-x"
    # Only the desktop app: the server's `mantis` is deployed on its own (README).
    assert "./usr/bin/mantis" not in entries
    for path in ("./usr/share/mantis/Public/index.html", "./usr/share/applications/mantis.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/mantis.svg", "./usr/lib/mantis/libswiftCore.so",
                 "./usr/lib/mantis/libFoundation.so", "./usr/share/doc/mantis-desktop/copyright",
                 "./usr/share/doc/mantis-desktop/changelog.gz", "./usr/share/man/man1/mantis-desktop.1.gz"):
        assert path in entries, path
        assert entries[path][0] == "-rw-r--r--", (path, entries[path])
    public = {p for p in entries if p.startswith("./usr/share/mantis/Public/") and not p.endswith("/")}
    # The web app entire, less the browser tests' list of ids (developer documentation).
    expected = {f"./usr/share/mantis/Public/{p.relative_to(REPO / 'Public')}" for p in (REPO / "Public").rglob("*")
                if p.is_file() and p.name != "TESTIDS.md"}
    assert public == expected


def test_unpacked_the_binary_runs_on_the_bundled_runtime(unpacked):
    binary = unpacked / "usr" / "bin" / "mantis-desktop"
    libraries = run("ldd", str(binary))
    assert "not found" not in libraries, libraries
    for line in libraries.splitlines():
        if re.match(r"\s*(libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime)", line):
            assert f"{unpacked}/usr/bin/../lib/mantis/" in line, line
    runpath = run("readelf", "-d", str(binary))
    assert "[$ORIGIN/../lib/mantis]" in runpath
    bundled = sorted(p.name for p in (unpacked / "usr" / "lib" / "mantis").iterdir())
    assert all(SWIFT_RUNTIME.match(name) for name in bundled), bundled
    environment = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    assert run(str(binary), "--version", env=environment).startswith("mantis-desktop (GTK 3.")


def test_unpacked_the_app_finds_its_web_app_beside_itself(unpacked, tmp_path):
    # No MANTIS_PUBLIC_DIR and no checkout around it: /usr/share/mantis/Public, as the package installs it.
    home = Home(tmp_path)
    app = Desktop(unpacked / "usr" / "bin" / "mantis-desktop", home, name="packaged", MANTIS_PUBLIC_DIR=None)
    try:
        app.start()  # waits for the tracker view, which only the web app's files render
    finally:
        app.stop()


def test_the_menu_entry_is_valid_and_names_the_binary_and_the_icon(unpacked):
    entry = unpacked / "usr" / "share" / "applications" / "mantis.desktop"
    subprocess.run(["desktop-file-validate", str(entry)], check=True)
    text = entry.read_text()
    assert "\nExec=mantis-desktop\n" in text and "\nIcon=mantis\n" in text and "\nType=Application\n" in text
    icon = ElementTree.parse(unpacked / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "mantis.svg")
    assert icon.getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_lintian_finds_no_errors(deb, artifacts):
    if not shutil.which("lintian"):
        pytest.skip("lintian is not installed")
    result = subprocess.run(["lintian", "--tag-display-limit", "0", "--show-overrides", str(deb)],
                            capture_output=True, text=True)
    report = result.stdout + result.stderr
    (artifacts / "lintian.txt").write_text(report)
    print(report)
    errors = [line for line in report.splitlines() if line.startswith("E: ")]
    assert not errors, report


def test_install_desktop_installs_for_the_user_and_uninstall_keeps_the_data(desktop_binary, tools, tmp_path):
    home = tmp_path / "home"
    data = home / ".local" / "share" / "mantis"
    data.mkdir(parents=True)
    (data / "mantis.sqlite").write_text("the user's data")
    environment = {k: v for k, v in os.environ.items() if k not in ("PREFIX", "DESTDIR", "XDG_DATA_HOME")}
    environment["HOME"] = str(home)
    script = str(REPO / "scripts" / "install-desktop")
    subprocess.run([script, "--binary", str(desktop_binary)], check=True, env=environment, cwd=REPO)

    local = home / ".local"
    binary = local / "bin" / "mantis-desktop"
    assert os.access(binary, os.X_OK)
    entry = local / "share" / "applications" / "mantis.desktop"
    subprocess.run(["desktop-file-validate", str(entry)], check=True)
    assert f"\nExec={binary}\n" in entry.read_text()
    assert (local / "share" / "icons" / "hicolor" / "scalable" / "apps" / "mantis.svg").is_file()
    assert (local / "share" / "mantis-desktop" / "Public" / "index.html").is_file()
    assert (local / "lib" / "mantis" / "libswiftCore.so").is_file()
    assert run(str(binary), "--version").startswith("mantis-desktop (")

    # The installed app finds its web app (~/.local/share/mantis-desktop/Public) by itself.
    app = Desktop(binary, Home(tmp_path / "run"), name="installed", MANTIS_PUBLIC_DIR=None)
    try:
        app.start()
    finally:
        app.stop()

    subprocess.run([script, "--uninstall"], check=True, env=environment, cwd=REPO)
    assert not binary.exists() and not entry.exists() and not (local / "lib" / "mantis").exists()
    assert not (local / "share" / "mantis-desktop").exists()
    assert not (local / "share" / "man" / "man1" / "mantis-desktop.1.gz").exists()
    assert (data / "mantis.sqlite").read_text() == "the user's data"


def test_install_desktop_honours_destdir_and_prefix(desktop_binary, tools, tmp_path):
    stage = tmp_path / "stage"
    environment = {**os.environ, "DESTDIR": str(stage), "PREFIX": "/opt/mantis", "HOME": str(tmp_path / "home")}
    subprocess.run([str(REPO / "scripts" / "install-desktop"), "--binary", str(desktop_binary)], check=True,
                   env=environment, cwd=REPO)
    entry = stage / "opt" / "mantis" / "share" / "applications" / "mantis.desktop"
    assert "\nExec=/opt/mantis/bin/mantis-desktop\n" in entry.read_text()
    assert (stage / "opt" / "mantis" / "bin" / "mantis-desktop").is_file()
    assert not (tmp_path / "home" / ".local").exists()
