"""A scripted chat-completion server on a free loopback port, so tests drive the REAL langchain
clients (ChatOpenAI, ChatOllama) over HTTP without the network.

It speaks `POST /v1/chat/completions` (OpenAI shape: plain content or a tool call) and
`POST /api/chat` (Ollama shape: newline-delimited JSON). Replies are given in order, or chosen
by a function of the request; a reply can be delayed (to trip a client timeout) or be garbage.
Every request is recorded (path, headers, body) so tests can assert what was sent.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted response. `raw` (sent verbatim) wins over content and tool calls."""

    content: str | None = None
    tool_name: str | None = None
    tool_arguments: str = "{}"  # JSON text, as the API sends it (may be malformed on purpose)
    delay: float = 0.0
    raw: bytes | None = None
    status: int = 200


def text(content: str, *, delay: float = 0.0) -> Reply:
    """A plain assistant message (also what JSON mode returns: JSON inside `content`)."""
    return Reply(content=content, delay=delay)


def tool_call(name: str, arguments: dict[str, Any] | str, *, delay: float = 0.0) -> Reply:
    """A forced function call, the shape `with_structured_output(method="function_calling")`
    receives; a str is sent as is, so a test can send arguments that are not JSON."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    return Reply(tool_name=name, tool_arguments=args, delay=delay)


def garbage(body: bytes = b"<html>502 Bad Gateway</html>", *, status: int = 200) -> Reply:
    """Bytes that are not a chat completion at all."""
    return Reply(raw=body, status=status)


@dataclass
class Recorded:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    body: str

    @property
    def json(self) -> Any:
        return json.loads(self.body)


Responder = Callable[[Recorded], Reply]


@dataclass
class FakeLLMServer:
    """The running server: its URLs, the script it follows and what it received."""

    port: int
    script: list[Reply] = field(default_factory=list)
    responder: Responder | None = None
    requests: list[Recorded] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def next_reply(self, request: Recorded) -> Reply:
        with self.lock:
            self.requests.append(request)
            if self.responder is not None:
                return self.responder(request)
            if not self.script:
                return Reply(raw=b'{"error": "fake server: no scripted reply left"}', status=500)
            return self.script.pop(0)


def _openai_body(reply: Reply, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    finish = "stop"
    if reply.tool_name is not None:
        message["tool_calls"] = [
            {
                "id": "call_0",
                "type": "function",
                "function": {"name": reply.tool_name, "arguments": reply.tool_arguments},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _ollama_body(reply: Reply, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content or ""}
    if reply.tool_name is not None:
        arguments = json.loads(reply.tool_arguments)
        message["tool_calls"] = [{"function": {"name": reply.tool_name, "arguments": arguments}}]
    return {
        "model": model,
        "created_at": "2025-01-01T00:00:00Z",
        "message": message,
        "done": True,
        "done_reason": "stop",
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        fake = self.server.fake
        reply = fake.next_reply(recorded)
        if reply.delay and fake.stop.wait(reply.delay):
            return  # the server is closing; the client has long given up
        self._send(reply, recorded)

    def _send(self, reply: Reply, recorded: Recorded) -> None:
        if reply.raw is not None:
            payload, kind = reply.raw, "application/json"
        else:
            model = str(json.loads(recorded.body or "{}").get("model", "fake"))
            if recorded.path.startswith("/api/chat"):
                payload = (json.dumps(_ollama_body(reply, model)) + "\n").encode()
                kind = "application/x-ndjson"
            else:
                payload, kind = json.dumps(_openai_body(reply, model)).encode(), "application/json"
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and left

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr lines."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeLLMServer


@contextmanager
def fake_llm_server(*replies: Reply, responder: Responder | None = None) -> Iterator[FakeLLMServer]:
    """Serve `replies` in order (or `responder(request)`) on a free 127.0.0.1 port."""
    server = _Server(("127.0.0.1", 0), _Handler)
    fake = FakeLLMServer(port=server.server_address[1], script=list(replies), responder=responder)
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()


def refused_url() -> str:
    """A loopback URL where nothing listens (the port was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
