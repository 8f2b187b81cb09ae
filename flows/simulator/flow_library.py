"""The flows a Transfer to flow or Invoke module block can reach: the flow files of one folder
(``--flow-dir``).

A ContactFlowId or FlowModuleId (an ARN, an id or a placeholder) finds a file whose wrapper's
``Arn`` equals it,
or whose file name (without extension), wrapper ``Id``/``Name`` or ``Metadata.name`` equals its
last part (the flow id of an ARN).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from flows.model.document import FlowDocumentError, load_flow_document
from flows.simulator.flow_index import FlowShapeError, IndexedFlow


class FlowLibrary:
    """Flows of a folder, indexed by the keys a ContactFlowId may match."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._by_key: dict[str, IndexedFlow] = {}
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            try:
                document = load_flow_document(path)
                flow = IndexedFlow(document.content, str(path), document.flow_type)
            except (FlowDocumentError, FlowShapeError):
                continue  # not a flow: folders hold READMEs and pictures too
            for key in _keys(path, document.content, document.envelope):
                self._by_key.setdefault(key, flow)

    @staticmethod
    def for_folder(folder: Path | None) -> FlowLibrary | None:
        return None if folder is None else _library(str(Path(folder).resolve()))

    def flows(self) -> list[IndexedFlow]:
        """Every flow of the folder, once each."""
        return list({id(flow): flow for flow in self._by_key.values()}.values())

    def find(self, contact_flow_id: str) -> IndexedFlow | None:
        value = contact_flow_id.strip()
        return self._by_key.get(value) or self._by_key.get(value.rsplit("/", 1)[-1])


@lru_cache(maxsize=16)
def _library(folder: str) -> FlowLibrary:
    return FlowLibrary(Path(folder))


def _keys(path: Path, content: Mapping[str, Any], envelope: Mapping[str, Any] | None) -> list[str]:
    keys = [path.stem, path.name]
    for field in ("Arn", "Id", "Name"):
        value = (envelope or {}).get(field)
        if isinstance(value, str) and value:
            keys.append(value)
    metadata = content.get("Metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("name"), str):
        keys.append(metadata["name"])
    return keys
