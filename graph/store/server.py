"""The local Neo4j 5.26 Community server, run from the jars Maven fetched into graph/store/neo4j/lib.

No Docker and no tarball are needed: Maven Central carries the server as jars, and
`org.neo4j.server.CommunityEntryPoint` runs it with a config we generate here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError
from graph.settings import PROJECT_ROOT, LocalServerSettings

MAVEN_PROJECT = PROJECT_ROOT / "graph" / "store" / "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


# What Neo4j itself closes, in the local server's config and in docker-compose.yml's. File URLs in
# LOAD CSV read nothing; no plugin procedure loads (the built-in ones are not affected by the
# allowlist: the read-only console refuses those on the plan); Browser and the server report
# nothing home.
HARDENING = {
    "dbms.security.allow_csv_import_from_file_urls": "false",
    "dbms.security.procedures.allowlist": "",
    "dbms.usage_report.enabled": "false",
    "client.allow_telemetry": "false",
}
# All transactions together may use this share of the heap (db.memory.transaction.total.max),
# so a few large reads end with Neo4j's own memory error before the heap runs out.
TRANSACTIONS_SHARE_OF_HEAP = 0.6


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    home: Path


def require_tools() -> tuple[str, str]:
    java, mvn = shutil.which("java"), shutil.which("mvn")
    if not java:
        raise LocalServerError(
            "Java 17+ is not installed: install it (Debian: apt-get install openjdk-17-jdk-headless)"
        )
    if not mvn:
        raise LocalServerError("Maven is not installed: install it (Debian: apt-get install maven)")
    return java, mvn


def ensure_jars(settings: LocalServerSettings) -> None:
    """Fetch the server jars from Maven Central once; later calls find them in place."""
    if any(settings.lib.glob("neo4j-server-*.jar")):
        return
    _, mvn = require_tools()
    cmd = [
        mvn,
        "-B",
        "-q",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={settings.lib}",
    ]
    done = subprocess.run(cmd, cwd=MAVEN_PROJECT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LocalServerError(f"Maven could not fetch Neo4j: {done.stdout[-2000:]}{done.stderr}")


def render_config(settings: LocalServerSettings) -> str:
    home = settings.home
    lines = {
        "server.directories.data": home / "data",
        "server.directories.logs": home / "logs",
        "server.directories.run": home / "run",
        "server.directories.import": home / "import",
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{settings.bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{settings.bolt_port}",
        "server.http.listen_address": f"127.0.0.1:{settings.http_port}",
        "server.http.advertised_address": f"127.0.0.1:{settings.http_port}",
        "server.https.enabled": "false",
        # Server-side routing would open a second port that clashes between several servers.
        "dbms.routing.enabled": "false",
        "server.routing.listen_address": f"127.0.0.1:{settings.bolt_port + 10_000}",
        "server.memory.heap.initial_size": settings.heap,
        "server.memory.heap.max_size": settings.heap,
        "server.memory.pagecache.size": settings.pagecache,
        "db.transaction.timeout": settings.transaction_timeout,
        "db.memory.transaction.max": settings.transaction_memory,
        "db.memory.transaction.total.max": share_of(settings.heap, TRANSACTIONS_SHARE_OF_HEAP),
        "dbms.security.auth_enabled": "true",
        **HARDENING,
    }
    return "".join(f"{key}={value}\n" for key, value in lines.items())


def share_of(size: str, fraction: float) -> str:
    """A fraction of a Neo4j memory size ("512m" -> "307m"; a bare number is bytes), in MiB."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)i?b?\s*", size.lower())
    if not match:
        raise LocalServerError(f"cannot read the memory size {size!r} (like 512m or 2g)")
    size_bytes = int(match[1]) * 1024 ** ("", "k", "m", "g", "t").index(match[2])
    return f"{max(1, int(size_bytes * fraction / 1024**2))}m"


def _pid_file(settings: LocalServerSettings) -> Path:
    return settings.home / "run" / "techkg-neo4j.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    # A zombie still answers kill(0); its /proc state says it has exited.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and ") Z" in stat.read_text())


def _running_pid(settings: LocalServerSettings) -> int | None:
    pid_file = _pid_file(settings)
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().strip() or 0)
    return pid if pid and _alive(pid) else None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def status(settings: LocalServerSettings) -> ServerStatus:
    pid = _running_pid(settings)
    return ServerStatus(
        pid is not None, pid, settings.bolt_uri, settings.browser_url, settings.home
    )


def _java_command(settings: LocalServerSettings, main: str, *args: str) -> list[str]:
    java, _ = require_tools()
    classpath = f"{settings.lib}/*"
    return [
        java,
        f"-Xms{settings.heap}",
        f"-Xmx{settings.heap}",
        *JVM_FLAGS,
        "-cp",
        classpath,
        main,
        *args,
    ]


def _prepare_home(settings: LocalServerSettings, password: str) -> None:
    conf = settings.home / "conf"
    for sub in ("conf", "data", "logs", "run", "import"):
        (settings.home / sub).mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(render_config(settings))
    if (settings.home / "data" / "databases").exists():
        return
    # The initial password only takes effect before the first start, so set it exactly then.
    env = {**os.environ, "NEO4J_HOME": str(settings.home), "NEO4J_CONF": str(conf)}
    cmd = _java_command(settings, ADMIN_ENTRY_POINT, "dbms", "set-initial-password", password)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LocalServerError(f"could not set the initial password: {done.stderr or done.stdout}")


def start(settings: LocalServerSettings, password: str, wait_s: float = 180.0) -> ServerStatus:
    """Start the server unless it runs; return once Bolt accepts connections."""
    current = status(settings)
    if current.running and _port_open(settings.bolt_port):
        return current
    if not current.running and _port_open(settings.bolt_port):
        raise LocalServerError(
            f"port {settings.bolt_port} is taken by another process; set TECHKG_NEO4J_BOLT_PORT"
        )
    ensure_jars(settings)
    _prepare_home(settings, password)
    cmd = _java_command(
        settings,
        ENTRY_POINT,
        f"--home-dir={settings.home}",
        f"--config-dir={settings.home / 'conf'}",
    )
    pid = _spawn_detached(cmd, settings.home / "logs" / "console.log")
    _pid_file(settings).write_text(str(pid))
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        exited, code = _exited(pid)
        if exited:
            log = (settings.home / "logs" / "console.log").read_text(errors="replace")[-3000:]
            raise LocalServerError(f"Neo4j exited during start-up (code {code}):\n{log}")
        # HTTP (and Neo4j Browser) comes up just after Bolt; wait for both.
        if _port_open(settings.bolt_port) and _port_open(settings.http_port):
            return status(settings)
        time.sleep(0.5)
    raise LocalServerError(f"Neo4j did not open Bolt on {settings.bolt_uri} within {wait_s:.0f}s")


def _spawn_detached(cmd: list[str], log: Path) -> int:
    """Start the server in its own session, outliving this process (no Popen to reap)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(cmd[0], cmd, dict(os.environ), file_actions=actions, setsid=True)


def _exited(pid: int) -> tuple[bool, int | None]:
    """Reap the child if it has exited (it is ours only in the process that started it)."""
    try:
        done, status_code = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return (not _alive(pid), None)
    return (done != 0, os.waitstatus_to_exitcode(status_code) if done else None)


def stop(settings: LocalServerSettings, wait_s: float = 60.0) -> bool:
    """Shut the server down cleanly (SIGTERM, then SIGKILL after wait_s). False if none ran."""
    pid = _running_pid(settings)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not _exited(pid)[0]:
        time.sleep(0.3)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _pid_file(settings).unlink(missing_ok=True)
    return True
