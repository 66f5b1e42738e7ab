"""Deterministic artifact detection: generation faults a rule can see, no model involved.

Rules (each finding names the transcript, the exchange (1-based, as the judge numbers them),
the turn and the rule):

==================  ======================================================================
``empty_turn``      a user message or reply that is empty or whitespace
``truncated``       a reply that stops mid-sentence (ends on a letter, digit, comma, ...)
``short_reply``     a reply under ``min_reply_words`` words
``template_token``  chat-template or special tokens (``<|im_end|>``, ``[INST]``, ``</s>``...)
``speaker_label``   a line inside a turn that starts ``User:``, ``Assistant:``, ``<coach>:``...
``self_reference``  a turn that breaks character (``as an AI``, ``language model``...)
``repeated_paragraph``  a paragraph said twice in one reply, or copied from an earlier reply
``formulaic_opener``  a reply that opens with one of the pack's stock openers
``length_ratio``    a reply far longer or far shorter than the message it answers
==================  ======================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from coachsmith.domain import ArtifactRules
from coachsmith.records import Transcript

Rule = Literal["empty_turn", "truncated", "short_reply", "template_token", "speaker_label",
               "self_reference", "repeated_paragraph", "formulaic_opener", "length_ratio"]

_TEMPLATE_TOKENS = re.compile(
    r"<\|[a-z_]+\|>|<\|?(?:im_start|im_end|eot_id|endoftext|begin_of_text|end_of_text)\|?>"
    r"|\[/?INST\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>|<\|(?:user|assistant|system)\|>",
    re.IGNORECASE)
_SELF_REFERENCE = (
    r"\bas an? (?:ai|artificial intelligence|language model|llm|chatbot|large language model)\b",
    r"\bI(?:'m| am) (?:just |only |merely )?(?:an? )?(?:ai|artificial intelligence|language "
    r"model|large language model|chatbot|bot|virtual assistant)\b",
    r"\b(?:language model|my training data|my knowledge cutoff|OpenAI|Anthropic|ChatGPT)\b",
    r"\bI(?:'m| am) (?:Claude|Gemini|Llama|SmolLM|GPT)\b",
    r"\b(?:system prompt|my instructions say|as instructed in the prompt)\b",
)
_BASE_LABELS = ("User", "Assistant", "Human", "AI", "System", "Coach", "USER", "COACH")
_END_OK = set(".!?…\"'”’)]*_~>:;") | {"\u2026"}
_WORD = re.compile(r"[\w']+", re.UNICODE)


Turn = Literal["user", "assistant"]


class _Add(Protocol):
    def __call__(self, turn: Turn, rule: Rule, detail: str) -> None: ...


class Finding(BaseModel):
    """One artifact."""

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    exchange: int
    turn: Turn
    rule: Rule
    detail: str


@dataclass(frozen=True)
class ArtifactSettings:
    """Thresholds of the length rules.

    Attributes:
        min_reply_words: Replies with fewer words are ``short_reply``.
        max_length_ratio: A reply longer than this many times its message (message length
            counted as at least ``ratio_floor_words``) is flagged.
        min_length_ratio: A reply shorter than this share of a message of at least
            ``ratio_floor_words`` words is flagged.
        ratio_floor_words: Floor of the message length in the ratio, so a terse "hi" can
            get a normal reply.
        min_repeat_chars: Paragraphs shorter than this are not checked for repeats.
    """

    min_reply_words: int = 3
    max_length_ratio: float = 8.0
    min_length_ratio: float = 0.1
    ratio_floor_words: int = 30
    min_repeat_chars: int = 40


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


class ArtifactDetector:
    """The rules, compiled once for a pack.

    Args:
        rules: The pack's artifact data.
        coach_name: The coach's name (a ``Name:`` line inside a turn is a speaker label).
        settings: Length thresholds.
    """

    def __init__(self, rules: ArtifactRules, *, coach_name: str | None = None,
                 settings: ArtifactSettings | None = None) -> None:
        self.settings = settings or ArtifactSettings()
        labels = [*_BASE_LABELS, *rules.speaker_labels, *([coach_name] if coach_name else [])]
        self._labels = re.compile(
            r"^\s*(?:\*\*)?(?:" + "|".join(re.escape(x) for x in labels) + r")(?:\*\*)?\s*:",
            re.MULTILINE | re.IGNORECASE)
        self._self = [re.compile(p, re.IGNORECASE) for p in (*_SELF_REFERENCE, *rules.self_reference)]
        self._openers = [(o, _normalise(o)) for o in rules.formulaic_openers]

    def detect(self, transcript: Transcript) -> list[Finding]:
        """Every finding in ``transcript``, ordered by exchange."""
        found: list[Finding] = []
        earlier: dict[str, int] = {}
        for i, ex in enumerate(transcript.exchanges, start=1):
            def add(turn: Turn, rule: Rule, detail: str, exchange: int = i) -> None:
                found.append(Finding(transcript_id=transcript.id, exchange=exchange, turn=turn,
                                     rule=rule, detail=detail))

            turns: tuple[tuple[Turn, str], ...] = (("user", ex.user), ("assistant", ex.assistant))
            for turn, text in turns:
                self._common(text, turn, add)
            if ex.assistant.strip():
                self._reply(ex.user, ex.assistant, add)
                for paragraph in _paragraphs(ex.assistant, self.settings.min_repeat_chars):
                    first = earlier.setdefault(paragraph, i)
                    if first != i:
                        add("assistant", "repeated_paragraph",
                            f"repeats a paragraph of exchange {first}: {paragraph[:60]!r}")
        return found

    def _common(self, text: str, turn: Turn, add: _Add) -> None:
        if not text.strip():
            add(turn, "empty_turn", "empty")
            return
        for match in _TEMPLATE_TOKENS.finditer(text):
            add(turn, "template_token", match.group(0))
            break
        label = self._labels.search(text)
        if label:
            add(turn, "speaker_label", label.group(0).strip())
        for pattern in self._self:
            hit = pattern.search(text)
            if hit:
                add(turn, "self_reference", hit.group(0))
                break

    def _reply(self, user: str, reply: str, add: _Add) -> None:
        s = self.settings
        stripped = reply.rstrip()
        if stripped[-1] not in _END_OK and not _is_symbol(stripped[-1]):
            add("assistant", "truncated", f"ends with {stripped[-30:]!r}")
        words = _words(reply)
        if words < s.min_reply_words:
            add("assistant", "short_reply", f"{words} words")
        user_words = _words(user)
        too_long = words > s.max_length_ratio * max(user_words, s.ratio_floor_words)
        too_short = user_words >= s.ratio_floor_words and words < s.min_length_ratio * user_words
        if too_long or too_short:
            add("assistant", "length_ratio", f"{words} words in reply to {user_words}")
        seen: set[str] = set()
        for paragraph in _paragraphs(reply, s.min_repeat_chars):
            if paragraph in seen:
                add("assistant", "repeated_paragraph", f"said twice: {paragraph[:60]!r}")
                break
            seen.add(paragraph)
        opening = _normalise(reply[:200])
        for original, normal in self._openers:
            if normal and (opening == normal or opening.startswith(normal + " ")):
                add("assistant", "formulaic_opener", original)
                break


def _paragraphs(text: str, min_chars: int) -> list[str]:
    return [p for p in (_normalise(x) for x in re.split(r"\n\s*\n", text)) if len(p) >= min_chars]


def _is_symbol(char: str) -> bool:
    """Emoji and other symbols end a message naturally."""
    return ord(char) > 0x2000 and not char.isalnum()


def detect_artifacts(transcript: Transcript, rules: ArtifactRules, *,
                     coach_name: str | None = None,
                     settings: ArtifactSettings | None = None) -> list[Finding]:
    """Every artifact in one transcript (see the module docstring for the rules)."""
    return ArtifactDetector(rules, coach_name=coach_name, settings=settings).detect(transcript)


def first_bad_exchange(findings: Sequence[Finding]) -> int | None:
    """The earliest exchange with a finding, or None."""
    return min((f.exchange for f in findings), default=None)
