"""What a page rendered by AppTest sends to the browser: bytes of its elements, and the tables inside them.

Every element a script draws reaches the browser as a protobuf message; its
`ByteSize()` is what travels (less a few bytes of framing). Tables, whether a
dataframe or the datasets of a Vega-Lite chart, travel inside those messages as
Apache Arrow buffers (`ArrowData`), found here by walking each message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest


@dataclass(frozen=True)
class Payload:
    """What one render of a page sends: all elements' bytes, the Arrow tables' bytes and rows."""

    element_bytes: int
    table_bytes: int
    largest_table_rows: int
    tables: int


def page_payload(at: AppTest) -> Payload:
    """The payload of the page `at` last rendered (its main area and sidebar)."""
    element_bytes = table_bytes = largest = tables = 0
    for proto in _element_protos(at._tree):
        element_bytes += proto.ByteSize()
        for data in _arrow_buffers(proto):
            tables += 1
            table_bytes += len(data)
            largest = max(largest, _rows(data))
    return Payload(element_bytes, table_bytes, largest, tables)


def _element_protos(node: object) -> Iterator[Message]:
    # A container's own message (columns, expander, tabs) travels too, apart from its children's.
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message):
        yield proto
    for child in getattr(node, "children", {}).values():
        yield from _element_protos(child)


def _arrow_buffers(message: Message) -> Iterator[bytes]:
    """The Arrow buffers anywhere inside `message`: a dataframe's, a chart's data and datasets."""
    if message.DESCRIPTOR.name == "ArrowData":
        if message.data:
            yield message.data
        return
    for _, value in message.ListFields():
        if isinstance(value, Message):
            yield from _arrow_buffers(value)
        elif not isinstance(value, str | bytes | int | float | bool):
            # A repeated field, or a map (whose values are the messages).
            for item in value.values() if hasattr(value, "values") else value:
                if isinstance(item, Message):
                    yield from _arrow_buffers(item)


def _rows(data: bytes) -> int:
    """Rows in an Arrow buffer, in the IPC stream format Streamlit writes (or the file format)."""
    try:
        return pa.ipc.open_stream(data).read_all().num_rows
    except pa.ArrowInvalid:
        return pa.ipc.open_file(pa.BufferReader(data)).read_all().num_rows
