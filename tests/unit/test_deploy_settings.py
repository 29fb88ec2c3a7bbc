"""The production settings are real Streamlit options with the intended values, and deploy/nginx.conf's
Content-Security-Policy allows exactly the inline script of the installed Streamlit's index.html.

Streamlit only logs a warning for an unknown option in config.toml, so a misspelt or removed option would
silently leave the default (for example the "Ask Google / Ask ChatGPT" links) in place."""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from pathlib import Path

import streamlit
from streamlit import config

from devtools.nginx import NGINX_CONF, render_nginx_conf

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def _flat(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_every_setting_is_an_option_of_the_installed_streamlit() -> None:
    known = set(config.get_config_options())
    unknown = sorted(name for name in _flat(SETTINGS) if name not in known)
    assert not unknown, f"not options of Streamlit {streamlit.__version__}: {unknown}"


def test_the_security_settings() -> None:
    server, client = SETTINGS["server"], SETTINGS["client"]
    assert server["enableCORS"] is True and server["enableXsrfProtection"] is True
    assert {"localhost", "127.0.0.1"} <= set(server["allowedHosts"])  # never empty (= any Host)
    assert "*" not in server["allowedHosts"]
    assert server["enableAgentApi"] is False
    assert client["showErrorDetails"] == "none"
    assert str(client["showErrorLinks"]).lower() == "false"
    assert client["toolbarMode"] == "viewer"


def test_the_csp_allows_exactly_the_inline_scripts_of_streamlits_index_html() -> None:
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index, flags=re.DOTALL)
    wanted = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
    csp = re.search(r'add_header Content-Security-Policy "([^"]+)"', NGINX_CONF.read_text(encoding="utf-8"))
    assert csp, "deploy/nginx.conf sends no Content-Security-Policy"
    script_src = next(d.split()[1:] for d in csp[1].split(";") if d.split()[:1] == ["script-src"])
    hashes = {source for source in script_src if source.startswith("'sha256-")}
    assert hashes == wanted, (
        f"Streamlit {streamlit.__version__}'s index.html has other inline scripts: put {sorted(wanted)} in "
        "script-src of deploy/nginx.conf"
    )
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_the_local_rendering_drops_tls_without_a_certificate(tmp_path: Path) -> None:
    plain = render_nginx_conf(8080, [8501, 8502], tmp_path)
    directives = [line.strip() for line in plain.splitlines()]
    directives = [line for line in directives if line and not line.startswith("#")]
    assert [d for d in directives if d.startswith("listen")] == [
        "listen 127.0.0.1:8080 default_server;",
        "listen 127.0.0.1:8080;",
    ]
    assert not [d for d in directives if d.startswith("ssl_certificate") or "bench:" in d]
    with_tls = render_nginx_conf(8080, [8501], tmp_path, (tmp_path / "c.crt", tmp_path / "c.key", 8443))
    assert f"ssl_certificate {tmp_path / 'c.crt'};" in with_tls
    assert "listen 127.0.0.1:8443 ssl default_server;" in with_tls


# An image reference a build cannot drift from: a tag for the reader, and the digest Docker checks on pull.
PINNED = re.compile(r"^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$")


def deploy_images() -> dict[str, str]:
    """Every image the deployment builds on, by where it is named: the Dockerfile's FROM lines (an ARG
    resolved to its default) and compose's image: lines."""
    images: dict[str, str] = {}
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", dockerfile, flags=re.M))
    for number, line in enumerate(dockerfile.splitlines(), 1):
        if line.startswith("FROM "):
            image = line.split()[1]
            images[f"Dockerfile:{number}"] = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m[1], m[0]), image)
    compose = (ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8")
    for number, line in enumerate(compose.splitlines(), 1):
        if match := re.match(r"^\s+image:\s*(\S+)", line):
            images[f"compose.yaml:{number}"] = match[1]
    return images


def test_every_deploy_image_is_pinned_by_digest() -> None:
    images = deploy_images()
    # The app's two stages on the Python base, redis and nginx: a file that stops naming one is a change.
    assert len(images) == 4, images
    loose = {where: image for where, image in images.items() if not PINNED.match(image)}
    assert not loose, f"named by tag alone (pin name:tag@sha256:<digest>, see deploy/Dockerfile): {loose}"


def test_a_tag_alone_is_not_a_pin() -> None:
    """The pattern refuses a bare tag (what the deployment used before), a tagless digest, a short one."""
    digest = "sha256:" + "0" * 64
    for loose in ("python:3.11-slim", "nginx:1.27", f"nginx@{digest}", "redis:7.2@sha256:abc"):
        assert not PINNED.match(loose), loose
    assert PINNED.match(f"nginx:1.27.5@{digest}")
