"""The OpenAI-compatible embedding client against a scripted stand-in server on a loopback
port: batches of the configured size, no more requests in flight than allowed, retries with
backoff on 503 and dropped connections, the key sent only as a bearer header, a refusal and a
server that stays down named by URL, a wrong dimension refused, several servers shared."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from index.embedders import make_embedder
from index.embedding_server import EmbedderUnavailable, OpenAIEmbedder
from ingest.errors import SettingsError, StoreError
from qa_app.settings import Settings
from tests.servers import free_port

DIM = 4


@dataclass
class Script:
    """What the stand-in does: fail the first `failures` requests with `status`, answer the
    rest with vectors of `dim` (each text's length in the first component), after `delay`."""

    failures: int = 0
    status: int = 503
    dim: int = DIM
    delay: float = 0.0
    bodies: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def stand_in(script: Script) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with script.lock:
                script.bodies.append(body)
                script.headers.append(dict(self.headers))
                script.in_flight += 1
                script.most_in_flight = max(script.most_in_flight, script.in_flight)
                fail = len(script.bodies) <= script.failures
            time.sleep(script.delay)
            if fail:
                payload, status = {"error": {"message": "busy"}}, script.status
            else:
                data = [
                    {"index": i, "embedding": [float(len(t))] + [1.0] * (script.dim - 1)}
                    for i, t in enumerate(body["input"])
                ]
                payload, status = {"data": data}, 200
            raw = json.dumps(payload).encode()
            with script.lock:
                script.in_flight -= 1
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _expected(texts: list[str]) -> np.ndarray:
    raw = np.array([[len(t)] + [1.0] * (DIM - 1) for t in texts], dtype=np.float32)
    return raw / np.linalg.norm(raw, axis=1, keepdims=True)


def test_batches_bounded_concurrency_and_order() -> None:
    script = Script(delay=0.05)
    texts = [f"段落{'字' * i}" for i in range(23)]
    with stand_in(script) as url:
        client = OpenAIEmbedder("m", url, batch_size=5, concurrency=2, dim=DIM)
        vectors = client.embed_passages(texts)
    np.testing.assert_allclose(vectors, _expected(texts), rtol=1e-6)
    assert sorted(len(b["input"]) for b in script.bodies) == [3, 5, 5, 5, 5]
    assert script.most_in_flight <= 2
    assert {b["input_type"] for b in script.bodies} == {"passage"}
    assert {b["model"] for b in script.bodies} == {"m"}


def test_retries_with_backoff_then_succeeds_and_sends_the_key_as_bearer() -> None:
    script = Script(failures=2, status=503)
    with stand_in(script) as url:
        client = OpenAIEmbedder("m", url, api_key="sk-test", retries=3, backoff=0.01, dim=DIM)
        vector = client.embed_query("问")
    np.testing.assert_allclose(vector, _expected(["问"])[0], rtol=1e-6)
    assert len(script.bodies) == 3 and script.bodies[-1]["input_type"] == "query"
    assert all(h.get("Authorization") == "Bearer sk-test" for h in script.headers)


def test_a_refusal_is_not_retried_and_names_the_url() -> None:
    script = Script(failures=5, status=400)
    with stand_in(script) as url:
        client = OpenAIEmbedder("m", url, retries=3, backoff=0.01, dim=DIM)
        with pytest.raises(StoreError, match=r"refused .* HTTP 400"):
            client.embed_passages(["x"])
    assert len(script.bodies) == 1


def test_a_server_that_stays_down_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    client = OpenAIEmbedder("m", url, retries=2, backoff=0.01)
    with pytest.raises(EmbedderUnavailable, match=rf"{url}/embeddings .* after 3 tries"):
        client.dim  # noqa: B018


def test_a_server_answering_another_dimension_is_refused() -> None:
    with stand_in(Script(dim=DIM + 1)) as url:
        client = OpenAIEmbedder("m", url, dim=DIM)
        with pytest.raises(StoreError, match="expected"):
            client.embed_passages(["x", "y"])


def test_several_servers_share_the_batches() -> None:
    first, second = Script(), Script()
    with stand_in(first) as a, stand_in(second) as b:
        client = OpenAIEmbedder("m", f"{a},{b}", batch_size=2, concurrency=1, dim=DIM)
        texts = [str(i) * (i + 1) for i in range(8)]
        np.testing.assert_allclose(client.embed_passages(texts), _expected(texts), rtol=1e-6)
    assert len(first.bodies) == 2 and len(second.bodies) == 2


def test_settings_and_factory() -> None:
    settings = Settings(embedder="openai:bge-m3", embedder_url="http://gpu:8000/v1")
    assert settings.embedder == "openai:bge-m3"
    embedder = make_embedder(settings.embedder, url=settings.embedder_url)
    assert isinstance(embedder, OpenAIEmbedder) and embedder.name == "openai:bge-m3"
    assert embedder.url == "http://gpu:8000/v1/embeddings"
    with pytest.raises(SettingsError, match="GOVQA_EMBEDDER_URL"):
        make_embedder("openai:bge-m3")
    with pytest.raises(SettingsError):
        Settings(embedder="openai:")
