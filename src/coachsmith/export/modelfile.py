"""The Ollama ``Modelfile``: an explicit Go-template ``TEMPLATE``, every end-of-turn token as a
``PARAMETER stop``, sampling parameters and the domain pack's system prompt.

Ollama does not run Jinja. Without a ``TEMPLATE`` it guesses from the GGUF's template and, when it
does not recognise it, sends a role-less prompt, the most common complaint about fine-tunes. So the
Modelfile spells the template out. It is derived from a :class:`TurnFormat` (what the tokenizer's
template writes around each message), and the same format renders conversations in Python; the
export checks that rendering against the tokenizer's own template before it writes anything, so a
template the derivation does not reproduce fails loudly instead of shipping a wrong prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coachsmith.errors import CoachsmithError

ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class TurnFormat:
    """How a chat template writes a conversation: ``begin`` once, then each message as
    ``prefix[role] + content + suffix[role]``, then ``generation`` to prompt a reply.

    Attributes:
        family: A name for reports (``chatml``, ``llama3``, ``phi3``).
        begin: Text before the first message (a BOS the template writes itself).
        prefix: Text before each role's content.
        suffix: Text after each role's content.
        generation: The generation prompt.
        default_system: A system message the template adds when the conversation has none.
        stops: End-of-turn strings.
    """

    family: str
    begin: str
    prefix: dict[str, str]
    suffix: dict[str, str]
    generation: str
    default_system: str | None
    stops: tuple[str, ...]

    def render(self, messages: Sequence[dict[str, str]], *, add_generation_prompt: bool) -> str:
        """Render a conversation the way the Go template does."""
        out = self.begin
        if self.default_system is not None and (not messages or messages[0]["role"] != "system"):
            out += self.prefix["system"] + self.default_system + self.suffix["system"]
        for m in messages:
            out += self.prefix[m["role"]] + m["content"] + self.suffix[m["role"]]
        return out + (self.generation if add_generation_prompt else "")

    def go_template(self) -> str:
        """The same rendering as an Ollama (Go ``text/template``) TEMPLATE."""
        def q(text: str) -> str:  # a Go string literal
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

        lines = [f"{{{{- print {q(self.begin)} }}}}" if self.begin else ""]
        if self.default_system is not None:
            block = self.prefix["system"] + self.default_system + self.suffix["system"]
            lines.append('{{- if or (not .Messages) (ne (index .Messages 0).Role "system") }}'
                         f"{{{{ print {q(block)} }}}}{{{{- end }}}}")
        lines.append("{{- range $i, $m := .Messages }}")
        lines.append("{{- $last := eq (len (slice $.Messages $i)) 1 }}")
        for n, role in enumerate(ROLES):
            head = "{{- if" if n == 0 else "{{- else if"
            lines.append(f'{head} eq $m.Role "{role}" }}}}{{{{ print {q(self.prefix[role])} }}}}'
                         f"{{{{ $m.Content }}}}{{{{ print {q(self.suffix[role])} }}}}")
        lines.append("{{- end }}")
        lines.append(f'{{{{- if and $last (ne $m.Role "assistant") }}}}{{{{ print {q(self.generation)} }}}}'
                     "{{- end }}")
        lines.append("{{- end }}")
        return "\n".join(line for line in lines if line)


_FAMILIES: dict[str, tuple[str, dict[str, str], dict[str, str], str, tuple[str, ...]]] = {
    # name: (begin, prefix by role, suffix by role, generation prompt, stops)
    "chatml": ("", {r: f"<|im_start|>{r}\n" for r in ROLES}, dict.fromkeys(ROLES, "<|im_end|>\n"),
               "<|im_start|>assistant\n", ("<|im_end|>",)),
    "llama3": ("<|begin_of_text|>", {r: f"<|start_header_id|>{r}<|end_header_id|>\n\n" for r in ROLES},
               dict.fromkeys(ROLES, "<|eot_id|>"),
               "<|start_header_id|>assistant<|end_header_id|>\n\n", ("<|eot_id|>",)),
    "phi3": ("", {r: f"<|{r}|>\n" for r in ROLES}, dict.fromkeys(ROLES, "<|end|>\n"),
             "<|assistant|>\n", ("<|end|>",)),
}

_PROBES: tuple[tuple[dict[str, str], ...], ...] = (
    ({"role": "system", "content": "S1"}, {"role": "user", "content": "U1"},
     {"role": "assistant", "content": "A1"}, {"role": "user", "content": "U2"}),
    ({"role": "user", "content": "U1"}, {"role": "assistant", "content": "A1"},
     {"role": "user", "content": "U2"}),
    ({"role": "system", "content": "S1\nline two"}, {"role": "user", "content": "U1"}),
)


def _render(tokenizer: Any, messages: Sequence[dict[str, str]], gen: bool) -> str:
    return str(tokenizer.apply_chat_template(list(messages), tokenize=False,
                                             add_generation_prompt=gen))


def detect_format(tokenizer: Any) -> TurnFormat:
    """The :class:`TurnFormat` that reproduces the tokenizer's chat template on probe chats.

    Raises:
        CoachsmithError: No known family reproduces it; set ``export.ollama_template``.
    """
    bare = _render(tokenizer, [{"role": "user", "content": "U1"}], False)
    for family, (begin, prefix, suffix, generation, stops) in _FAMILIES.items():
        # A template may add its own system message when there is none; learn it from the text.
        default = None
        head = begin + prefix["system"]
        if bare.startswith(head) and suffix["system"] in bare[len(head):]:
            default = bare[len(head):].split(suffix["system"], 1)[0]
        eos = getattr(tokenizer, "eos_token", None)
        extra = (eos,) if isinstance(eos, str) and eos and eos not in stops else ()
        fmt = TurnFormat(family, begin, prefix, suffix, generation, default, stops + extra)
        if all(fmt.render(p, add_generation_prompt=g) == _render(tokenizer, p, g)
               for p in _PROBES for g in (False, True)):
            return fmt
    raise CoachsmithError(
        "export: the tokenizer's chat template is none of the families coachsmith writes Ollama "
        f"templates for ({', '.join(_FAMILIES)}); write one by hand in export.ollama_template "
        "(Go template syntax) so Ollama does not fall back to a role-less prompt")


def _triple(text: str) -> str:
    if '"""' in text:
        raise CoachsmithError('export: the system prompt contains """, which a Modelfile cannot quote')
    return f'"""{text}"""'


def render_modelfile(*, gguf_name: str, template: str, stops: Sequence[str], system: str,
                     temperature: float, top_p: float, repeat_penalty: float, num_ctx: int) -> str:
    """The Modelfile text (``FROM`` is relative to the Modelfile's folder)."""
    lines = [
        "# Built by coachsmith export. Use it with:",
        "#   ollama create my-coach -f Modelfile && ollama run my-coach",
        f"FROM ./{gguf_name}",
        f"TEMPLATE {_triple(template)}",
        f"SYSTEM {_triple(system)}",
    ]
    lines += [f'PARAMETER stop "{s}"' for s in dict.fromkeys(stops)]
    lines += [f"PARAMETER temperature {temperature}", f"PARAMETER top_p {top_p}",
              f"PARAMETER repeat_penalty {repeat_penalty}", f"PARAMETER num_ctx {num_ctx}"]
    return "\n".join(lines) + "\n"


__all__ = ["TurnFormat", "detect_format", "render_modelfile"]
