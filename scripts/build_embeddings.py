"""Build the token-embedding table the intent model's features read (``models/embeddings.npy``).

    python scripts/build_embeddings.py --out build/safety/embeddings.npy

Dequantizes ``token_embd.weight`` (49,152 x 576) from the bundled SmolLM2 GGUF and keeps its
first 128 principal components, float16. Needs the ``safety-train`` extra (``gguf``). The same
GGUF always gives the same table: eigenvector signs, which LAPACK builds may flip, are fixed so
each component's largest entry is positive.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parent.parent
EMBED_DIM = 128


def build_embeddings(gguf_path: Path, dim: int = EMBED_DIM) -> npt.NDArray[np.float16]:
    """Dequantize ``token_embd.weight`` from a GGUF and reduce it to ``dim`` PCA components."""
    import gguf

    reader = gguf.GGUFReader(str(gguf_path))
    tensor = next(t for t in reader.tensors if t.name == "token_embd.weight")
    table = np.asarray(gguf.quants.dequantize(tensor.data, tensor.tensor_type), dtype=np.float64)
    centered = table - table.mean(axis=0)
    eigvals, eigvecs = np.linalg.eigh(centered.T @ centered)
    components = eigvecs[:, np.argsort(eigvals)[::-1][:dim]]
    projected = centered @ components
    peaks = projected[np.abs(projected).argmax(axis=0), np.arange(dim)]
    projected *= np.where(peaks < 0, -1.0, 1.0)
    reduced: npt.NDArray[np.float16] = projected.astype(np.float16)
    return reduced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gguf", type=Path, help="a GGUF (default: the bundled SmolLM2)")
    parser.add_argument("--out", type=Path, default=REPO / "build/safety/embeddings.npy")
    args = parser.parse_args(argv)
    from coachsmith.llm.llamacpp import bundled_model_path

    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.save(args.out, build_embeddings(args.gguf or bundled_model_path()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
