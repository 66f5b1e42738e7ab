from __future__ import annotations

import subprocess
import sys

import coachsmith.llm as llm


def test_all_is_sorted_and_every_name_exists() -> None:
    assert llm.__all__ == sorted(llm.__all__)
    missing = [name for name in llm.__all__ if not hasattr(llm, name)]
    assert missing == []


def test_public_names_are_exported() -> None:
    # Like httpx's test_exported_members: every public name in the package namespace is listed.
    public = {name for name in vars(llm) if not name.startswith("_")}
    modules = {name for name, value in vars(llm).items() if type(value).__name__ == "module"}
    assert public - modules == set(llm.__all__)


def test_importing_the_package_does_not_import_llama_cpp() -> None:
    code = "import sys, coachsmith.llm; print('llama_cpp' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
