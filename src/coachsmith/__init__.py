"""coachsmith: build, evaluate and run private, locally-runnable coaching language models."""

__version__ = "0.1.0"

__all__ = ["__version__"]
