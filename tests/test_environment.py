"""environment.yml (conda users) and pyproject.toml (everyone else) list the same packages."""

import re
import tomllib

import yaml

from conftest import PROJECT

CONDA_ONLY = {"python", "pip"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return {_name(requirement) for requirement in requirements}


def environment_packages() -> set[str]:
    dependencies = yaml.safe_load((PROJECT / "environment.yml").read_text("utf-8"))["dependencies"]
    names = set()
    for entry in dependencies:
        if isinstance(entry, dict):
            names |= {_name(item) for item in entry["pip"] if not item.startswith("-")}
        else:
            names.add(_name(entry))
    return names - CONDA_ONLY


def test_environment_yml_lists_the_packages_of_pyproject():
    assert environment_packages() == pyproject_packages()


def test_requirements_lock_pins_every_package_of_pyproject():
    lock = (PROJECT / "requirements.lock").read_text("utf-8")
    pinned = {_name(line) for line in lock.splitlines() if re.match(r"^[A-Za-z0-9].*==", line)}
    assert pyproject_packages() <= pinned
