"""A real HTTP server on 127.0.0.1 serving files from one directory, for feed tests."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link>
<item><title>Nvidia resumes H20 sales to China</title>
  <link>https://wire.example/nvidia-h20</link>
  <description>&lt;p&gt;Nvidia said it will resume sales of its H20 chips to China.&lt;/p&gt;</description>
  <pubDate>Tue, 15 Jul 2025 08:00:00 GMT</pubDate></item>
<item><link>https://wire.example/empty</link></item>
<item><title>BIS adds Huawei to the Entity List</title>
  <link>https://wire.example/bis-huawei</link>
  <description>The Commerce Department added Huawei to the Entity List.</description>
  <pubDate>someday soon</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Test</title>
<entry><title>China unveils AI plan</title><id>urn:test:1</id>
  <updated>2025-07-26T10:00:00Z</updated>
  <content type="html">&lt;b&gt;China&lt;/b&gt; proposed a global AI cooperation organization.</content>
</entry></feed>
"""
