"""Real JavaScript clients (masto.js, megalodon) for the system suite: npm packages installed
once into a cache directory outside the checkout's sources (data/npm/<hash>, gitignored),
and scripts from tests/system/js/ run there with the machine's Node.js."""
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "js"
CACHE = ROOT / "data" / "npm"
INSTALL_TIMEOUT = 300


def npm_project(*packages: str) -> Path:
    """A directory holding node_modules with `packages` (npm specs) installed; skips the
    test when Node.js or npm is missing or the registry is unreachable."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are needed for the JavaScript clients")
    key = hashlib.sha256(" ".join(sorted(packages)).encode()).hexdigest()[:12]
    project = CACHE / key
    if not (project / ".installed").exists():
        project.mkdir(parents=True, exist_ok=True)
        (project / "package.json").write_text(json.dumps({"name": "fedi-system-js", "private": True, "type": "module"}))
        result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel", "error", *packages],
                                cwd=project, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        if result.returncode != 0:
            pytest.skip(f"npm install {' '.join(packages)} failed (registry unreachable?): {result.stderr[-500:]}")
        (project / ".installed").touch()
    return project


def run_script(project: Path, script: str, *args: str, timeout: float = 120) -> dict:
    """Run tests/system/js/<script> inside `project` (so its imports resolve there) and
    return the JSON object it prints last; fails with the script's output otherwise."""
    target = project / script
    shutil.copyfile(SCRIPTS / script, target)
    result = subprocess.run([shutil.which("node"), str(target), *args], cwd=project,
                            capture_output=True, text=True, timeout=timeout)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        pytest.fail(f"{script} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])
