"""The jieba tokenizer with the patent domain dictionary (专利领域分词器), registered for spaCy.

Registered as ``patentnav.JiebaTokenizer.v1`` so ``nlp/config.cfg`` names it. The dictionary
is loaded in :meth:`PatentJiebaTokenizer.initialize` (called by ``nlp.initialize()``), never at
import, into a private ``jieba.Tokenizer`` so our words do not leak into the global jieba.

Two patent-text conventions are applied before jieba sees the text: claim and step numbers
("1." "2.") stay one token, and ASCII identifiers or formulas joined by ``_`` or ``-``
(``vmcoreinfo_data``, ``Li-ion``) stay whole; jieba would cut both at the punctuation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jieba
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from graph.errors import ConfigurationError
from nlp.resources import PATENT_DICT, resource_path

logger = logging.getLogger(__name__)

TEXT_KEY = "patentnav.text"
WORDS_KEY = "patentnav.words"
_PROTECTED = re.compile(r"(?<![0-9A-Za-z.])\d{1,3}\.(?![0-9A-Za-z])|[A-Za-z0-9]+(?:[_\-][A-Za-z0-9]+)+")


class PatentJiebaTokenizer:
    """spaCy tokenizer: private jieba instance + patent dictionary, with whitespace kept in Doc."""

    def __init__(self, vocab: Vocab, use_hmm: bool = True, dict_name: str = PATENT_DICT) -> None:
        self.vocab = vocab
        self.use_hmm = use_hmm
        self.dict_name = dict_name
        self.jieba: jieba.Tokenizer | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        data_dir: str | None = None,
        pkuseg_model: str | None = None,  # zh defaults add these; unused by jieba
        pkuseg_user_dict: str | None = None,
    ) -> None:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        path = resource_path(self.dict_name, Path(data_dir) if data_dir else None)
        tokenizer.load_userdict(str(path))
        self.jieba = tokenizer
        logger.info("jieba tokenizer initialised with %s", path)

    def words(self, text: str) -> Iterator[str]:
        """Segment ``text``; pieces concatenate back to ``text`` exactly."""
        if self.jieba is None:
            raise ConfigurationError("PatentJiebaTokenizer used before initialize()")
        cursor = 0
        for match in _PROTECTED.finditer(text):
            if match.start() > cursor:
                yield from self.jieba.cut(text[cursor : match.start()], HMM=self.use_hmm)
            yield match.group()
            cursor = match.end()
        if cursor < len(text):
            yield from self.jieba.cut(text[cursor:], HMM=self.use_hmm)

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(self.words(text))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # Doc.text and token iteration rebuild Python objects each time; components read these.
        doc.user_data[TEXT_KEY] = text
        doc.user_data[WORDS_KEY] = words
        return doc

    def in_dictionary(self, word: str) -> bool:
        return bool(self.jieba is not None and self.jieba.FREQ.get(word))

    # Serialisation: the dictionary comes from data/nlp at initialize(), nothing to store.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> PatentJiebaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> PatentJiebaTokenizer:
        self.initialize()
        return self


def words_and_spaces(pieces: Iterable[str]) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags for ``Doc`` from pieces that concatenate to the text.

    Same result as ``spacy.util.get_words_and_spaces`` (one space after a word becomes its
    trailing space, other whitespace its own token) without searching the text for each word,
    which cost a tenth of the pipeline.
    """
    words: list[str] = []
    spaces: list[bool] = []
    gap = ""
    for piece in pieces:
        if not piece:
            continue
        if piece.isspace():
            gap += piece
            continue
        if gap:
            _flush_gap(gap, words, spaces)
            gap = ""
        words.append(piece)
        spaces.append(False)
    if gap:
        _flush_gap(gap, words, spaces)
    return words, spaces


def _flush_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if words and not spaces[-1] and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def doc_words(doc: Doc) -> list[str]:
    words = doc.user_data.get(WORDS_KEY)
    return words if isinstance(words, list) else [t.text for t in doc]


@registry.tokenizers("patentnav.JiebaTokenizer.v1")
def create_patent_tokenizer(
    use_hmm: bool = True, dict_name: str = PATENT_DICT
) -> Callable[[Language], PatentJiebaTokenizer]:
    def make(nlp: Language) -> PatentJiebaTokenizer:
        return PatentJiebaTokenizer(nlp.vocab, use_hmm=use_hmm, dict_name=dict_name)

    return make
