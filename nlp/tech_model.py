"""The statistical TECH recogniser (统计术语识别模型) as a pipeline component.

``patentnav_tech_model`` runs the spaCy ``ner`` the project trains itself (``python -m tools.nlp_train``:
silver labels from the dictionary and pattern components over the bdci corpus, CNN tok2vec from
scratch) and adds its TECH spans to the rule candidates, before ``patentnav_term_resolver``
picks the final terms. How the two are combined is the ``mode`` setting:

* ``union`` - every model span is a candidate; the resolver keeps the longest non-overlapping.
* ``gaps`` - a model span counts only where no rule candidate is: rules decide where they
  fire, the model adds terms the dictionary and patterns miss.

The model is read from ``data/nlp/<model_dir>`` in :meth:`TechModel.initialize`, never at import.
When it is missing (or ``enabled = false``) the component passes Docs through and the pipeline
works on rules alone; a warning says how to train it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import ConfigurationError
from nlp.components import candidates
from nlp.resources import data_dir

logger = logging.getLogger(__name__)

MODES = ("union", "gaps")
MODEL_DIR = "model"


class TechModel:
    """Wraps the trained ``ner`` component; adds its TECH spans to the rule candidates."""

    def __init__(self, model_dir: str, enabled: bool, mode: str) -> None:
        if mode not in MODES:
            raise ConfigurationError(f"patentnav_tech_model mode must be one of {MODES}, not {mode!r}")
        self.model_dir = model_dir
        self.enabled = enabled
        self.mode = mode
        self.ner: Any = None  # spacy EntityRecognizer once initialised

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, data_dir: str | None = None) -> None:
        self.ner = None
        if not self.enabled:
            logger.info("TECH model disabled in the config: rules only")
            return
        path = _model_path(self.model_dir, data_dir)
        if not (path / "config.cfg").exists():
            logger.warning(
                "TECH model not found at %s: rules only (train it: python -m tools.nlp_train)", path
            )
            return
        import spacy

        # our tokenizer is not needed (Docs arrive tokenised) and would load jieba a second time
        trained = spacy.load(path, exclude=["tokenizer"])
        self.ner = trained.get_pipe("ner")
        logger.info("TECH model loaded from %s (mode %s)", path, self.mode)

    @property
    def active(self) -> bool:
        return self.ner is not None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        if self.ner is None:
            yield from docs
            return
        iterator = iter(docs)
        while batch := list(islice(iterator, batch_size)):
            for label in self.ner.labels:  # the ner writes label ids our vocab must know
                batch[0].vocab.strings.add(label)
            # the model's predictions, read off doc.ents and then cleared: the resolver sets ents
            for doc in self.ner.pipe(batch, batch_size=batch_size):
                self._add_model_spans(doc)
                yield doc

    def _add_model_spans(self, doc: Doc) -> None:
        found = [(e.start, e.end, "TECH") for e in doc.ents if e.label_ == "TECH"]
        doc.ents = []
        rules = candidates(doc)
        if self.mode == "gaps":
            taken = {i for start, end, _ in rules for i in range(start, end)}
            found = [s for s in found if taken.isdisjoint(range(s[0], s[1]))]
        rules.extend(found)

    # Serialisation: the model is read from data/nlp at initialize(), nothing to store.
    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> TechModel:
        return self


def _model_path(model_dir: str, base: str | None) -> Path:
    path = Path(model_dir)
    return path if path.is_absolute() else (Path(base) if base else data_dir()) / path


@Language.factory(
    "patentnav_tech_model", default_config={"model_dir": MODEL_DIR, "enabled": True, "mode": "union"}
)
def make_tech_model(nlp: Language, name: str, model_dir: str, enabled: bool, mode: str) -> TechModel:
    return TechModel(model_dir, enabled, mode)
