"""Messages between the panes and the main screen (the hub)."""

from __future__ import annotations

from textual.message import Message

from regterm.db.refs import Ref


class RecordHighlighted(Message):
    """The cursor rests on a record: the Detail pane should show it."""

    def __init__(self, ref: Ref) -> None:
        super().__init__()
        self.ref = ref


class RecordSelected(Message):
    """A record was chosen (Enter or click): the other panes narrow to what is linked to it."""

    def __init__(self, ref: Ref) -> None:
        super().__init__()
        self.ref = ref
