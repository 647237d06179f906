"""A real WordPress on 127.0.0.1 for the WordPress publisher's tests.

Debian's ``wordpress`` package, served by ``php -S`` from /usr/share/wordpress, with a MariaDB
database and user of its own (a unique name), its own wp-content (newsdesk's plugin in
mu-plugins) and its own config file, /etc/wordpress/config-<name>.php, chosen per request by
``WORDPRESS_CONFIG`` (set by a prepended PHP line, so several test runs can share the machine).
Installed by one POST to install.php; the admin gets an application password
(``WP_ENVIRONMENT_TYPE`` is ``local``, so they work over plain HTTP). Everything is removed
when the session ends.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORDPRESS = Path("/usr/share/wordpress")
CONFIG_DIR = Path("/etc/wordpress")
PLUGIN = Path(__file__).parents[2] / "src/newsdesk/publish/wordpress/newsdesk-plugin.php"
ADMIN = "deskbot"
START_HINT = ("start it: start-stop-daemon --start --oknodo --background --exec"
              " /usr/sbin/mariadbd (or: mysqld_safe --bind-address=127.0.0.1 &)")

# Runs the SQL on stdin as MariaDB's root: through the socket (unix_socket auth, as a fresh
# Debian install has it), else over TCP with an empty password. Prints rows tab-separated.
_DB_SCRIPT = r"""<?php
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$why = array();
$db = null;
foreach (array(array('localhost', '/run/mysqld/mysqld.sock'), array('127.0.0.1', null)) as $way) {
    try {
        $db = new mysqli($way[0], 'root', '', getenv('ND_DB') ?: null, 3306, $way[1]);
        break;
    } catch (mysqli_sql_exception $e) {
        $why[] = $way[0] . ': ' . $e->getMessage();
    }
}
if ($db === null) { fwrite(STDERR, implode('; ', $why)); exit(3); }
$db->multi_query(stream_get_contents(STDIN));
do {
    if ($result = $db->store_result()) {
        while ($row = $result->fetch_row()) { echo implode("\t", $row), "\n"; }
        $result->free();
    }
} while ($db->more_results() && $db->next_result());
"""


class WordPressMissing(Exception):
    """What this machine lacks to run WordPress, and how to get it."""


def missing_parts() -> str | None:
    """None when WordPress can run here, else what is missing."""
    php = shutil.which("php")
    if php is None:
        return "php is not installed (apt-get install php-cli)"
    if not (WORDPRESS / "wp-load.php").is_file():
        return f"Debian's wordpress package is not installed ({WORDPRESS} is missing)"
    modules = subprocess.run([php, "-m"], capture_output=True, text=True, timeout=30).stdout
    if "mysqli" not in modules.split():
        return "PHP's MySQL driver is not installed (apt-get install php-mysql)"
    if not os.access(CONFIG_DIR, os.W_OK):
        return f"{CONFIG_DIR} is missing or not writable (WordPress reads its config there)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WordPressSite:
    """A running WordPress: its address, the admin's application password, and helpers that
    read what was posted (over REST, as an operator's tools would) or reset its content."""

    url: str
    user: str
    app_password: str
    name: str  # the database, its user and the config file are named after it
    home: Path  # its wp-content, logs and scripts
    server: subprocess.Popen[bytes] | None = None
    baseline: dict[str, int] = field(default_factory=dict)

    # --- reading, as an operator would ---------------------------------------------------
    def rest(self, route: str, *, user: tuple[str, str] | None = None,
             **params: Any) -> Any:
        query = urllib.parse.urlencode({"rest_route": route, **params}, doseq=True)
        request = urllib.request.Request(f"{self.url}/?{query}")
        login, password = user or (self.user, self.app_password)
        token = base64.b64encode(f"{login}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def posts(self, **params: Any) -> list[dict[str, Any]]:
        """Every post the tests made (not WordPress's sample), in any state but deleted, with
        their raw fields."""
        found: list[dict[str, Any]] = []
        for page in range(1, 1000):
            batch = self.rest("/wp/v2/posts", status="publish,draft,trash,future,private",
                              context="edit", per_page=100, page=page, **params)
            found += batch
            if len(batch) < 100:
                break
        return [p for p in found if p["id"] > self.baseline["post"]]

    def post(self, post_id: int | str) -> dict[str, Any]:
        return dict(self.rest(f"/wp/v2/posts/{post_id}", context="edit"))

    def terms(self, taxonomy: str) -> dict[int, dict[str, Any]]:
        return {t["id"]: t for t in self.rest(f"/wp/v2/{taxonomy}", per_page=100,
                                               context="edit")}

    # --- running it -------------------------------------------------------------------------
    def sql(self, statements: str, *, database: str | None = None) -> list[list[str]]:
        script = self.home / "db.php"
        env = {**os.environ, "ND_DB": database or ""}
        done = subprocess.run(["php", str(script)], input=statements.encode(), env=env,
                              capture_output=True, timeout=60)
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip()
            raise WordPressMissing(f"MariaDB refused ({reason}); {START_HINT}")
        lines = done.stdout.decode().splitlines()
        return [line.split("\t") for line in lines if line]

    def php(self, code: str) -> str:
        """Run PHP with WordPress loaded; what it prints."""
        prelude = (f"$_SERVER['WORDPRESS_CONFIG'] = '{self.name}';"
                   f" $_SERVER['HTTP_HOST'] = '{urllib.parse.urlsplit(self.url).netloc}';"
                   f" require '{WORDPRESS}/wp-load.php';")
        done = subprocess.run(["php", "-r", prelude + code], capture_output=True, timeout=60,
                              cwd=self.home)
        if done.returncode != 0:
            raise RuntimeError(done.stdout.decode() + done.stderr.decode())
        return done.stdout.decode()

    def add_user(self, login: str, role: str) -> str:
        """A user with ``role`` and an application password, which is returned."""
        return self.php(
            f"$id = wp_insert_user(array('user_login' => '{login}', 'user_pass' =>"
            f" wp_generate_password(), 'user_email' => '{login}@example.org', 'role' =>"
            f" '{role}')); if (is_wp_error($id)) {{ $id = get_user_by('login', '{login}')->ID; }}"
            " $made = WP_Application_Passwords::create_new_application_password($id,"
            " array('name' => 'newsdesk tests')); echo $made[0];").strip()

    def reset(self) -> None:
        """Remove every post, page, attachment and term made since installation."""
        b = self.baseline
        self.sql(
            f"DELETE FROM wp_posts WHERE ID > {b['post']};"
            f" DELETE FROM wp_postmeta WHERE post_id > {b['post']};"
            f" DELETE FROM wp_term_relationships WHERE object_id > {b['post']}"
            f" OR term_taxonomy_id > {b['taxonomy']};"
            f" DELETE FROM wp_term_taxonomy WHERE term_taxonomy_id > {b['taxonomy']};"
            f" DELETE FROM wp_terms WHERE term_id > {b['term']};"
            f" DELETE FROM wp_termmeta WHERE term_id > {b['term']};"
            " DELETE FROM wp_options WHERE option_name = 'category_children';",
            database=self.name)

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            # the whole group: php -S's forked workers outlive a terminated master
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
        (CONFIG_DIR / f"config-{self.name}.php").unlink(missing_ok=True)
        with contextlib.suppress(WordPressMissing):
            self.sql(f"DROP DATABASE IF EXISTS {self.name};"
                     f" DROP USER IF EXISTS '{self.name}'@'127.0.0.1';")


def running_wordpress(home: Path) -> Iterator[WordPressSite]:
    """Set up, install and serve a WordPress in ``home``; removed afterwards. Raises
    `WordPressMissing` with the reason when this machine cannot run one."""
    problem = missing_parts()
    if problem:
        raise WordPressMissing(problem)
    name = "newsdesk" + secrets.token_hex(5)  # letters and digits: a database name and a
    # WORDPRESS_CONFIG value alike
    port = _free_port()
    site = WordPressSite(url=f"http://127.0.0.1:{port}", user=ADMIN, app_password="",
                         name=name, home=home)
    (home / "db.php").write_text(_DB_SCRIPT)
    try:
        _make_database(site)
        _write_config(site)
        site.server = _serve(site, port)
        _install(site)
        site.app_password = site.add_user(ADMIN, "administrator")
        site.baseline = dict(zip(("post", "taxonomy", "term"), (int(v) for v in site.sql(
            "SELECT (SELECT MAX(ID) FROM wp_posts), (SELECT MAX(term_taxonomy_id) FROM"
            " wp_term_taxonomy), (SELECT MAX(term_id) FROM wp_terms);", database=name)[0]),
            strict=True))
        yield site
    finally:
        site.stop()


def _make_database(site: WordPressSite) -> None:
    password = site.name  # a throwaway database on 127.0.0.1, gone after the session
    site.sql(f"CREATE DATABASE {site.name} CHARACTER SET utf8mb4;"
             f" CREATE USER '{site.name}'@'127.0.0.1' IDENTIFIED BY '{password}';"
             f" GRANT ALL ON {site.name}.* TO '{site.name}'@'127.0.0.1';")


def _write_config(site: WordPressSite) -> None:
    content = site.home / "wp-content"
    for part in ("plugins", "mu-plugins", "uploads"):
        (content / part).mkdir(parents=True, exist_ok=True)
    (content / "themes").symlink_to(WORDPRESS / "wp-content" / "themes")
    shutil.copy(PLUGIN, content / "mu-plugins" / "newsdesk.php")
    (CONFIG_DIR / f"config-{site.name}.php").write_text(f"""<?php
define('DB_NAME', '{site.name}');
define('DB_USER', '{site.name}');
define('DB_PASSWORD', '{site.name}');
define('DB_HOST', '127.0.0.1:3306');
define('WP_CONTENT_DIR', '{content}');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
""")
    (site.home / "prepend.php").write_text(
        f"<?php $_SERVER['WORDPRESS_CONFIG'] = '{site.name}';\n")


def _serve(site: WordPressSite, port: int) -> subprocess.Popen[bytes]:
    log = (site.home / "server.log").open("wb")
    server = subprocess.Popen(
        ["php", "-d", f"auto_prepend_file={site.home / 'prepend.php'}", "-d",
         "upload_max_filesize=16M", "-d", "post_max_size=16M",
         "-S", f"127.0.0.1:{port}", "-t", str(WORDPRESS)],
        stdout=log, stderr=subprocess.STDOUT, cwd=site.home,
        env={**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise WordPressMissing(f"php -S stopped: {(site.home / 'server.log').read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise WordPressMissing("php -S did not start listening within 20 s")


def _install(site: WordPressSite) -> None:
    form = urllib.parse.urlencode({
        "weblog_title": "Tern Valley Courier", "user_name": "installer",
        "admin_password": "Harbour-lights-42", "admin_password2": "Harbour-lights-42",
        "pw_weak": "1", "admin_email": "desk@example.org", "blog_public": "0"}).encode()
    try:
        with urllib.request.urlopen(f"{site.url}/wp-admin/install.php?step=2", data=form,
                                    timeout=120) as answer:
            page = answer.read().decode(errors="replace")
    except urllib.error.URLError as exc:
        raise WordPressMissing(f"installing WordPress failed: {exc}") from exc
    if "<h1>Success!</h1>" not in page:
        raise WordPressMissing("installing WordPress failed: " + page[:500])
