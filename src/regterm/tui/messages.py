"""Messages between the panes and the main screen (the hub)."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerState

from regterm.db.refs import Ref
from regterm.safe_text import one_line


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


class FailureNotices:
    """Mixed into every node that runs workers: a failed query becomes a notice, never a crash.

    (Worker.StateChanged does not bubble, so the handler has to live where the workers do.)
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and isinstance(self, DOMNode):
            error = event.worker.error
            self.app.notify(
                one_line(f"{type(error).__name__}: {error}"), title="Query failed", severity="error", markup=False
            )
