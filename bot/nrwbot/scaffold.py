"""`nrwbot expert new NAME`: an expert written on the SDK, in domains/NAME, that passes the
conformance suite at once.

The files come from `expert_template/` (`$name`, `$title`, `$cls` are filled in): manifest with a
typed settings model and personal-data declarations, a backend client, an `ExpertAction` with the
"service unavailable" answer, a form with its validation, NLU data, rules and tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from string import Template

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from nrwbot.errors import ManifestError
from nrwbot.experts import NAME_PATTERN
from nrwbot.settings import Settings

TEMPLATE_DIR = Path(__file__).with_name("expert_template")
SUFFIX = ".tmpl"
# A reserved top-level domain (RFC 2606): until the municipality names its backend, the bot says
# the service is unreachable and gives the contact, instead of asking someone else's server.
UNCONFIGURED_BACKEND = "https://{name}.invalid/api/v1"


def _tenant_block(name: str, tenant: CommentedMap) -> CommentedMap:
    """The settings a new expert needs, from what the tenant file already says."""
    block = CommentedMap()
    block["backend_url"] = UNCONFIGURED_BACKEND.format(name=name)
    block.yaml_add_eol_comment("Basis-URL Ihrer Fachanwendung eintragen", "backend_url")
    block["zustaendige_stelle"] = (tenant.get("contact") or {}).get("office") or tenant.get(
        "municipality"
    )
    return block


def enable_for_tenant(tenant_file: Path, expert: str) -> None:
    """Adds `expert` with its settings to the tenant, keeping the file's comments and order."""
    yaml = YAML()
    yaml.preserve_quotes = True  # type: ignore[assignment]  # ruamel types it as None
    data = yaml.load(tenant_file.read_text(encoding="utf-8"))
    if data.get("experts") is None:
        data["experts"] = CommentedMap()
    if expert not in data["experts"]:
        data["experts"][expert] = _tenant_block(expert, data)
    with tenant_file.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def _format(folder: Path) -> None:
    """Formats the new code as `make lint` wants it, where ruff is installed (development)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff:
        subprocess.run([ruff, "format", "--quiet", str(folder)], check=False)


def scaffold_expert(settings: Settings, name: str, enable_for: str | None) -> Path:
    """Writes the expert folder and optionally enables it for one tenant."""
    if not NAME_PATTERN.match(name):
        raise ManifestError(f"Expert name '{name}' must be lower case letters, digits and _")
    folder = settings.domains_dir / name
    if folder.exists():
        raise ManifestError(f"{folder} already exists")
    title = name.replace("_", " ").title()
    values = {"name": name, "title": title, "cls": title.replace(" ", "")}
    for template in sorted(TEMPLATE_DIR.rglob(f"*{SUFFIX}")):
        target = folder / template.relative_to(TEMPLATE_DIR).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = Template(template.read_text(encoding="utf-8")).substitute(values)
        target.write_text(text, encoding="utf-8")
    _format(folder)
    if enable_for:
        enable_for_tenant(settings.tenants_dir / f"{enable_for}.yml", name)
    return folder
