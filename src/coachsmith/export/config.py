"""``export:`` in run.yaml: what ``coachsmith export`` builds from the trained adapter."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# llama.cpp quantization types ``llama_model_quantize`` accepts by name (LLAMA_FTYPE_MOSTLY_<X>).
QUANT_TYPES = ("Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L",
               "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ4_NL", "IQ4_XS")


class ExportConfig(BaseModel):
    """Merge, GGUF conversion, quantization, Ollama Modelfile and the checks after them."""

    model_config = ConfigDict(extra="forbid")

    source: Literal["auto", "sft", "dpo"] = Field(
        "auto", description="Which training output to export: 'sft' (<run_dir>/train/adapter or "
        "model), 'dpo' (<run_dir>/train/dpo/adapter), 'auto' (dpo when it exists, else sft).")
    name: str | None = Field(
        None, pattern=r"^[A-Za-z0-9._-]+$", description="File name stem of the GGUF files; None: "
        "'<domain>-coach'.")
    outtype: Literal["f16", "bf16", "f32"] = Field(
        "f16", description="Precision of the unquantized GGUF the converter writes.")
    quantizations: list[str] = Field(
        default_factory=lambda: ["Q4_K_M", "Q8_0"], description="llama.cpp quantization types "
        f"to build from it ({', '.join(QUANT_TYPES)}); the first is what the Modelfile uses. "
        "[] keeps only the unquantized file.")
    keep_unquantized: bool = Field(True, description="Keep the unquantized GGUF after quantizing "
                                   "(the greedy-agreement check reads it).")
    temperature: float = Field(0.7, ge=0.0, description="Modelfile sampling temperature.")
    top_p: float = Field(0.9, gt=0.0, le=1.0, description="Modelfile nucleus sampling.")
    repeat_penalty: float = Field(1.1, ge=1.0, description="Modelfile repetition penalty.")
    num_ctx: int = Field(8192, ge=256, description="Modelfile context window in tokens.")
    session_context: str = Field(
        "Session type: check-in.", description="Fills {{session_context}} in the pack's coach "
        "system prompt, which becomes the Modelfile's SYSTEM.")
    ollama_template: str | None = Field(
        None, description="A Go-template TEMPLATE to write instead of the one derived from the "
        "tokenizer's chat template (for template families coachsmith does not know).")
    verify: bool = Field(True, description="Check the result and fail the export if a check fails.")
    verify_prompts: int = Field(4, ge=1, description="Conversations in the greedy-agreement and "
                                "template checks.")
    verify_max_tokens: int = Field(256, ge=8, description="Longest reply in the stop check; a "
                                   "reply still going at this length fails it.")

    @field_validator("quantizations")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [q for q in value if q.upper() not in QUANT_TYPES]
        if unknown:
            raise ValueError(f"unknown quantization {unknown}; known: {', '.join(QUANT_TYPES)}")
        return [q.upper() for q in value]


__all__ = ["QUANT_TYPES", "ExportConfig"]
