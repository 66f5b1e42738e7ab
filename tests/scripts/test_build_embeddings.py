"""scripts/build_embeddings.py rebuilds the packaged token table byte for byte."""

from __future__ import annotations

import numpy as np
import pytest

from coachsmith.safety.features import load_embeddings
from tests.scripts._load import load_script


def test_packaged_table_is_rebuilt_identically_from_the_bundled_gguf() -> None:
    pytest.importorskip("gguf")
    from coachsmith.llm.llamacpp import bundled_model_path

    build = load_script("build_embeddings")
    assert np.array_equal(build.build_embeddings(bundled_model_path()), load_embeddings())
