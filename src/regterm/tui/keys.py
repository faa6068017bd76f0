"""Keys reach what they were typed for, in order, however fast they come.

Textual forwards each key to whatever holds the focus when the app reads the key. Keys that arrive
together (a paste, `tmux send-keys '/apple' Enter`, typing while regterm starts) are all forwarded to the
same widget before the first of them is handled: the letters after '/' never reach the filter the '/'
opens, and Enter picks the first row. Here the app hands keys over one at a time: the next key goes out
only once the previous one, and the messages its handling posted, have been handled (a marker follows
the key through the same queues, twice); only once the screen is mounted and has its focus; and Enter
in a command palette only once the palette's search for the text typed so far is done. Enter typed before
the terminal was switched to raw mode arrives as a newline (the tty translated it) and counts as Enter.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events, on
from textual.app import App
from textual.command import CommandPalette
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import WorkerState

HOLD_LIMIT = 2.0  # seconds a key waits at most for a screen or a palette search; then it goes anyway
TRIP_LIMIT = 0.25  # seconds a key's marker may take (a widget removed meanwhile drops it)
POLL = 0.01


class KeyHandled(Message):
    """Follows a forwarded key through the same queues: when it reaches the app, the key was handled."""

    def __init__(self, token: int, trips_left: int, target: MessagePump) -> None:
        super().__init__()
        self.token = token
        self.trips_left = trips_left
        self.target = target


def as_typed(key: events.Key) -> events.Key:
    """Enter typed before regterm set up the terminal arrives as a newline (ctrl+j): it is Enter."""
    if key.key == "ctrl+j" and key.character == "\n":
        return events.Key("enter", "\r")
    return key


def palette_searching(screen: object) -> bool:
    """True while a command palette is still gathering the hits for its current text."""
    if not isinstance(screen, CommandPalette):
        return False
    group = CommandPalette._GATHER_COMMANDS_GROUP
    return any(
        worker.node is screen and worker.group == group and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for worker in screen.app.workers
    )


def paste_as_keys(text: str) -> list[events.Key]:
    """A paste where nothing takes text, as keys: '/' and its first line into the filter, Enter if it ended a line."""
    line, newline, _ = text.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
    line = "".join(ch for ch in line if ch.isprintable())
    if not line:
        return []
    if not line.startswith("/"):
        line = "/" + line
    keys = [events.Key(_key_name(ch), ch) for ch in line]
    if newline:
        keys.append(events.Key("enter", "\r"))
    return keys


def _key_name(character: str) -> str:
    from textual.keys import _character_to_key

    return character if character.isalnum() else _character_to_key(character)


class OrderedKeysApp(App[None]):
    """An App that forwards keys one at a time (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[tuple[events.Key | events.Paste, float]] = deque()
        self._in_flight: int | None = None  # the token of the key being handled
        self._tokens = 0
        self._timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._held.append((as_typed(event) if isinstance(event, events.Key) else event, time.monotonic()))
            await self._pass_keys()
            return
        await super().on_event(event)

    def _ready_for(self, event: events.Key | events.Paste) -> bool:
        screen = self.screen
        if screen.id == "_default" or not screen.is_mounted or not getattr(screen, "ready_for_keys", True):
            return False  # the first screen is not up yet (or says its widgets are still being mounted)
        if screen.focused is None and screen.focus_chain and isinstance(screen, CommandPalette):
            return False  # its input is not focused yet
        return not (isinstance(event, events.Key) and event.key == "enter" and palette_searching(screen))

    async def _pass_keys(self) -> None:
        while self._held and self._in_flight is None:
            event, since = self._held[0]
            if not self._ready_for(event) and time.monotonic() - since < HOLD_LIMIT:
                self._wait(POLL)
                return
            self._held.popleft()
            if isinstance(event, events.Paste) and not isinstance(self.focused, Input):
                self._held.extendleft((key, since) for key in reversed(paste_as_keys(event.text)))
                continue  # where nothing takes text, a paste is typed (into the filter)
            target = self.focused or self.screen  # where App.on_event forwards the event
            await super().on_event(event)
            self._tokens += 1
            self._in_flight = self._tokens
            self._follow(target, self._tokens, trips_left=1)

    def _follow(self, target: MessagePump, token: int, trips_left: int) -> None:
        """Send a marker after the key; if the target is gone, the key is done."""
        if not target.post_message(KeyHandled(token, trips_left, target)):
            self._in_flight = None
            self.call_later(self._pass_keys)
            return
        self._wait(TRIP_LIMIT)

    def _wait(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self._time_up, name="ordered-keys")

    async def _time_up(self) -> None:
        self._timer = None
        self._in_flight = None  # a marker that did not come back in time: its widget was removed
        await self._pass_keys()

    @on(KeyHandled)
    async def _key_handled(self, message: KeyHandled) -> None:
        message.stop()
        if message.token != self._in_flight:
            return
        if message.trips_left:  # once more: the messages the key's handling posted go first
            self._follow(message.target, message.token, message.trips_left - 1)
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._in_flight = None
        await self._pass_keys()
