"""Role backends for one run, shared by every stage command."""

from __future__ import annotations

from pathlib import Path

from coachsmith.config import RunConfig
from coachsmith.llm import (
    Backend,
    CachedBackend,
    MeteredBackend,
    ResponseCache,
    RetryingBackend,
    RetryPolicy,
    UsageMeter,
    build_backend,
)
from coachsmith.llm.spec import BackendSpec, RoleName


class Roles:
    """Role backends for one run: shared inner backends, wrapped with cache, retry and usage."""

    def __init__(self, config: RunConfig, run_dir: Path) -> None:
        self.config = config
        self.meter = UsageMeter()
        self.cache = (ResponseCache(Path(config.cache.path or run_dir / "cache.sqlite"))
                      if config.cache.enabled else None)
        self._inner: dict[tuple[str, str | None], Backend] = {}

    def backend(self, role: RoleName, stage: str) -> Backend:
        spec = self.config.roles[role]
        key = (spec.backend, spec.model)
        if key not in self._inner:
            self._inner[key] = build_backend(self.config.backends[spec.backend], model=spec.model)
        return self._wrapped(self._inner[key], f"{stage}/{role}")

    def wrap(self, spec: BackendSpec, model: str | None, stage: str, *,
             name: str | None = None) -> Backend:
        """A backend for ``spec`` outside the roles (an evaluated model), wrapped the same way.

        One inner backend per (``name`` or the spec, model), shared with the roles when
        ``name`` is a backend they use, and closed with the others.
        """
        key = (name or spec.model_dump_json(), model)
        if key not in self._inner:
            self._inner[key] = build_backend(spec, model=model)
        return self._wrapped(self._inner[key], stage)

    def _wrapped(self, inner: Backend, stage: str) -> Backend:
        wrapped: Backend = inner
        if self.cache is not None:
            wrapped = CachedBackend(wrapped, self.cache)
        retry = self.config.retry
        wrapped = RetryingBackend(wrapped, RetryPolicy(
            max_attempts=retry.max_attempts, base_delay_s=retry.base_delay_s,
            max_delay_s=retry.max_delay_s))
        return MeteredBackend(wrapped, self.meter, stage)

    def close(self) -> None:
        for backend in self._inner.values():
            backend.close()
        if self.cache is not None:
            self.cache.close()
