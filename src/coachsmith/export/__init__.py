"""Export: merge the adapter, convert to GGUF with llama.cpp's converter, quantize, write an
Ollama Modelfile, and verify the result. Heavy libraries load only when a function runs."""

from coachsmith.export.build import ExportSummary, export_model, probe_conversations, require_export_stack
from coachsmith.export.config import QUANT_TYPES, ExportConfig
from coachsmith.export.modelfile import TurnFormat, detect_format, render_modelfile
from coachsmith.export.verify import Check, checks_to_dict

__all__ = [
    "QUANT_TYPES",
    "Check",
    "ExportConfig",
    "ExportSummary",
    "TurnFormat",
    "checks_to_dict",
    "detect_format",
    "export_model",
    "probe_conversations",
    "render_modelfile",
    "require_export_stack",
]
