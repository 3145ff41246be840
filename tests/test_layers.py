"""The layers are a contract that `make lint` checks and CI runs: an import against them fails the check. The
contract is `.importlinter` itself, run by import-linter on a copy of the apps' Python files with one arrow against
the layers added (core importing reports, even inside a function), so the tree the others work in is not touched."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _root_packages() -> list[str]:
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    block = config.split("root_packages =", 1)[1].split("\n\n", 1)[0]
    return [name.strip() for name in block.splitlines() if name.strip()]


def _copy(tmp_path: Path) -> Path:
    def not_python(folder, names):
        return [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir() or n == "__pycache__"]

    for package in _root_packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=not_python)
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".venv/bin/lint-imports"), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
    )  # fmt: skip


def test_an_arrow_against_the_layers_fails_the_check(tmp_path):
    tree = _copy(tmp_path)
    kept = _lint(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    (tree / "core" / "against_the_layers.py").write_text(
        "def sneaky():\n    from reports import models  # noqa: F401 - inside a function is still an arrow\n"
    )
    broken = _lint(tree)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout and "core.against_the_layers -> reports.models" in broken.stdout


def test_make_lint_runs_the_contract_and_ci_runs_make_lint():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = re.search(r"^lint:.*?\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert lint and "lint-imports" in lint.group(1)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make lint$", ci, re.MULTILINE) and ci.index("make lint") < ci.index("make test")
    assert "ignore_imports" not in (ROOT / ".importlinter").read_text(encoding="utf-8")  # nothing let through
