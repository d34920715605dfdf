#!/usr/bin/env python3
"""A web server on 127.0.0.1 for the tests of `ravi say URL` (no outside network): it listens on a
free port, writes that port to the file named on its command line, and serves the cases below
until it is killed. Pages are made here, from the UTF-8 page given as the second argument."""
import gzip
import os
import http.server
import socketserver
import sys
import time

PORT_FILE, PAGE = sys.argv[1], sys.argv[2]
UTF8 = open(PAGE, encoding="utf-8").read()
# a Persian page in the legacy Windows encoding: it has no Persian yeh, so pages wrote the Arabic
# one (and Arabic kaf), which Ravi folds to Persian
LEGACY = UTF8.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")
BIG = 17 << 20  # past Ravi's 16 MB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/page.html":
            self.send(200, UTF8.encode())
        elif path == "/redirect":
            self.send(302, b"", headers=[("Location", "/again")])
        elif path == "/again":
            self.send(301, b"", headers=[("Location", "/page.html")])
        elif path == "/loop":
            self.send(302, b"", headers=[("Location", "/loop")])
        elif path == "/ftp":
            self.send(302, b"", headers=[("Location", "ftp://127.0.0.1/page.html")])
        elif path == "/gzip.html":
            self.send(200, gzip.compress(UTF8.encode()), headers=[("Content-Encoding", "gzip")])
        elif path == "/cp1256.html":
            self.send(200, LEGACY.encode("cp1256"), "text/html; charset=windows-1256")
        elif path == "/cp1256-meta.html":
            page = LEGACY.replace("<head>", '<head><meta charset="windows-1256">', 1)
            self.send(200, page.encode("cp1256"), "text/html")
        elif path == "/text.txt":
            self.send(200, "سازمان هواشناسی کشور اعلام کرد.\n".encode(), "text/plain; charset=utf-8")
        elif path == "/missing":
            self.send(404, b"<h1>Not Found</h1>")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<p>")
            self.wfile.flush()
            time.sleep(10)
        elif path == "/big":
            self.send(200, b"<p>" + b"a " * (BIG // 2))
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"a " * 32768
            sent = 0
            try:
                while sent < BIG:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # Ravi hung up at its limit
        else:
            self.send(404, b"")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # Ravi hangs up on pages past its limit: not the test's business


server = Server(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))

os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
