"""LLM backends and the wrappers that cache, retry, meter and parallelize them.

Importing this package never imports ``llama_cpp``; the llama.cpp backend loads it on first use.
"""

from coachsmith.llm.anthropic import AnthropicBackend
from coachsmith.llm.base import Backend, Message, Request, Response, Role, Usage
from coachsmith.llm.cache import CachedBackend, ResponseCache, cache_key
from coachsmith.llm.command import CommandBackend
from coachsmith.llm.factory import build_backend, open_backend
from coachsmith.llm.fake import FakeBackend, ScriptExhaustedError
from coachsmith.llm.llamacpp import LlamaCppBackend, bundled_model_path
from coachsmith.llm.openai import OpenAIBackend
from coachsmith.llm.pool import complete_many
from coachsmith.llm.retry import RetryingBackend, RetryPolicy, backoff_delay
from coachsmith.llm.spec import BackendSpec, RoleSpec
from coachsmith.llm.usage import MeteredBackend, StageUsage, UsageMeter

__all__ = [
    "AnthropicBackend",
    "Backend",
    "BackendSpec",
    "CachedBackend",
    "CommandBackend",
    "FakeBackend",
    "LlamaCppBackend",
    "Message",
    "MeteredBackend",
    "OpenAIBackend",
    "Request",
    "Response",
    "ResponseCache",
    "RetryPolicy",
    "RetryingBackend",
    "Role",
    "RoleSpec",
    "ScriptExhaustedError",
    "StageUsage",
    "Usage",
    "UsageMeter",
    "backoff_delay",
    "build_backend",
    "bundled_model_path",
    "cache_key",
    "complete_many",
    "open_backend",
]
