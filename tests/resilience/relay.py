"""A TCP relay between the hub and PostgreSQL that can be stopped and started again.

The PostgreSQL server on a test machine is shared, so a test cannot restart it. To the hub, a
restart is this: every connection it holds is lost, in the middle of whatever it was doing, and
new connections are refused until the server is back. The hub's processes connect through the
relay; stopping it does exactly that to them, and starting it again is the server coming back.
"""

from __future__ import annotations

import socket
import threading
from contextlib import suppress
from types import TracebackType

HOST = "127.0.0.1"
CHUNK = 65536


class Relay:
    """Relays connections made to `port` to PostgreSQL at `upstream` while it is started."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        with socket.create_server((HOST, 0)) as probe:
            self.port: int = probe.getsockname()[1]
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Listen again (the server is back); connections are relayed from now on."""
        listener = socket.create_server((HOST, self.port))  # SO_REUSEADDR: rebinds at once
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one, mid-conversation, as a restart does."""
        listener, self._listener = self._listener, None
        if listener is not None:
            _cut(listener)  # wakes the thread blocked in accept()
        with self._lock:
            cut, self._open = self._open, []
        for end in cut:
            _cut(end)

    def __enter__(self) -> Relay:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy one direction until either end closes; then close both."""
    try:
        while data := source.recv(CHUNK):
            sink.sendall(data)
    except OSError:
        pass
    _cut(source)
    _cut(sink)


def _cut(end: socket.socket) -> None:
    with suppress(OSError):  # already cut, or never connected
        end.shutdown(socket.SHUT_RDWR)
    end.close()
