"""Back and forward through selection chains, like a browser."""

from __future__ import annotations

from regterm.db.refs import Ref

Chain = tuple[Ref, ...]


class History:
    """A list of chains with a cursor; a new chain drops whatever was forward of the cursor."""

    def __init__(self) -> None:
        self._chains: list[Chain] = [()]
        self._index = 0

    @property
    def current(self) -> Chain:
        return self._chains[self._index]

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._chains) - 1

    def push(self, chain: Chain) -> None:
        if chain == self.current:
            return
        del self._chains[self._index + 1 :]
        self._chains.append(chain)
        self._index += 1

    def back(self) -> Chain:
        if self.can_go_back:
            self._index -= 1
        return self.current

    def forward(self) -> Chain:
        if self.can_go_forward:
            self._index += 1
        return self.current
