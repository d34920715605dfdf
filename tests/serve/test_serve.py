#!/usr/bin/env python3
"""make serve-test: `ravi serve` through every way in, on loopback.

HTTP (the plain endpoints, OpenAI's, the listen page's stream), Wyoming with a client written
here from the protocol's documentation (github.com/OHF-Voice/wyoming, README), the limits, slow
and greedy clients, workers that crash, a zygote that dies, the bearer token, graceful shutdown;
then the real `openai` npm client and the listen page in headless Chromium (node, when
NODE_PATH holds openai and playwright-core).

Needs RAVI (the binary). Each test prints `ok` or `FAIL`; the status is the number of failures.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(ROOT, "tools"))
from serve_proc import children  # noqa: E402
RAVI = os.environ["RAVI"]
SANITIZE = os.environ.get("SANITIZE") == "1"
TMP = tempfile.mkdtemp(prefix="ravi-serve-")
ENV = dict(os.environ, RAVI_DATA=ROOT)
SAMPLES = [open(os.path.join(ROOT, "samples", f), encoding="utf-8").read()
           for f in ("news-1.txt", "news-2.txt", "news-3.txt")]
SHORT = "سازمان هواشناسی کشور اعلام کرد. فردا هوا بارانی است."
LONG = "\n".join(SAMPLES * 4)  # some four minutes of audio: longer than any socket buffer holds
START_TIMEOUT = 120 if SANITIZE else 30


# ---- the server -------------------------------------------------------------------------------

class Server:
    """A `ravi serve` on ephemeral loopback ports, its log in a file."""

    def __init__(self, *args, env=None):
        self.log_path = os.path.join(TMP, "serve-%d.log" % time.monotonic_ns())
        self.log_file = open(self.log_path, "w")
        cmd = [RAVI, "serve", "--listen", "127.0.0.1:0", "--wyoming", "127.0.0.1:0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log_file,
                                     env=env or ENV)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            m = re.search(r"listening on http://([\d.]+):(\d+)/, Wyoming (?:on tcp://[\d.]+:(\d+)|off)",
                          self.log())
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                self.wyoming_port = int(m.group(3)) if m.group(3) else None
                return
            if self.proc.poll() is not None:
                raise RuntimeError("ravi serve exited %d: %s" % (self.proc.returncode, self.log()))
            time.sleep(0.05)
        raise RuntimeError("ravi serve did not start: " + self.log())

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def log_lines(self, pattern):
        return [l for l in self.log().splitlines() if re.search(pattern, l)]

    def url(self):
        return "http://%s:%d" % (self.host, self.port)

    def tree(self):
        """(keeper, zygote, workers): the pool's processes under the server."""
        keeper = children(self.proc.pid)
        zygote = children(keeper[0]) if keeper else []
        return (keeper[0] if keeper else None, zygote[0] if zygote else None,
                children(zygote[0]) if zygote else [])

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log_file.close()
        return self.proc.returncode


def request(srv, method, path, body=None, headers=None, timeout=60):
    """(status, headers dict (lower-case names), body bytes)."""
    conn = http.client.HTTPConnection(srv.host, srv.port, timeout=timeout)
    if isinstance(body, str):
        body = body.encode()
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        headers = dict(headers or {}, **{"Content-Type": "application/json"})
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data


def speech(srv, **fields):
    body = dict({"model": "tts-1", "input": SHORT, "voice": "alloy"}, **fields)
    return request(srv, "POST", "/v1/audio/speech", body)


# `ravi say -o -` is the reference for the server's samples: both give a stream the same fixed
# gain from the voice's known level to --loudness (-16 LUFS by default, issue 18)
def cli(*args, stdin=None):
    return subprocess.run([RAVI, *args], input=stdin, capture_output=True, env=ENV, check=True).stdout


def decoded_samples(data, suffix, rate):
    """Samples of mono 16-bit audio at `rate` that FFmpeg decodes from the bytes."""
    path = os.path.join(TMP, "decode." + suffix)
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
                         capture_output=True, check=True).stdout
    return len(out) // 2


def wav_pcm(data):
    """The samples of a WAV stream Ravi serves: a 44-byte header with "unknown" sizes, then PCM."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", data[:16]
    channels, rate, _, _, bits = struct.unpack("<HIIHH", data[22:36])
    assert (channels, rate, bits) == (1, 22050, 16), (channels, rate, bits)
    assert data[36:40] == b"data", data[36:40]
    return data[44:]


# ---- a Wyoming client, from the protocol's README ----------------------------------------------

class Wyoming:
    """Events are a JSON header line, then data_length bytes of JSON data (merged over the
    header's "data"), then payload_length bytes of payload."""

    def __init__(self, srv, timeout=60):
        self.sock = socket.create_connection((srv.host, srv.wyoming_port), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def send(self, type_, data=None, data_block=False):
        header = {"type": type_}
        extra = b""
        if data is not None and data_block:
            extra = json.dumps(data).encode()
            header["data_length"] = len(extra)
        elif data is not None:
            header["data"] = data
        self.sock.sendall(json.dumps(header).encode() + b"\n" + extra)

    def recv(self):
        line = self.file.readline()
        if not line:
            return None
        header = json.loads(line)
        data = header.get("data") or {}
        if header.get("data_length"):
            data.update(json.loads(self.file.read(header["data_length"])))
        payload = self.file.read(header["payload_length"]) if header.get("payload_length") else b""
        return header["type"], data, payload

    def audio(self):
        """One audio stream: (audio-start's data, the PCM, the chunks' data, audio-stop's data)."""
        ev = self.recv()
        assert ev and ev[0] == "audio-start", ev
        start, pcm, chunks = ev[1], b"", []
        while True:
            ev = self.recv()
            assert ev, "the connection closed inside an audio stream"
            if ev[0] == "audio-stop":
                return start, pcm, chunks, ev[1]
            assert ev[0] == "audio-chunk", ev[:2]
            chunks.append(ev[1])
            pcm += ev[2]

    def close(self):
        self.file.close()
        self.sock.close()


# ---- the tests ----------------------------------------------------------------------------------

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def test_health_models_voices(s):
    status, h, body = request(s, "GET", "/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["workers"] == 2, body
    status, _, body = request(s, "GET", "/v1/models")
    ids = [m["id"] for m in json.loads(body)["data"]]
    assert status == 200 and {"ravi", "tts-1", "tts-1-hd"} <= set(ids), ids
    status, _, body = request(s, "GET", "/v1/audio/voices")
    voices = json.loads(body)
    names = [v["name"] for v in voices["voices"]]
    assert {"ravi-male", "ravi-female", "fa"} <= set(names), names
    assert voices["aliases"]["alloy"] == "ravi-male" and voices["aliases"]["nova"] == "ravi-female", voices["aliases"]


@test
def test_listen_page_is_served(s):
    status, h, body = request(s, "GET", "/")
    page = body.decode()
    assert status == 200 and h["content-type"].startswith("text/html"), (status, h)
    assert 'dir="rtl"' in page and 'lang="fa"' in page and "/stream" in page, page[:200]


@test
def test_post_text_is_the_commands_wav(s):
    """The same samples as `ravi say`: a worker is a fresh fork of an engine that said nothing."""
    text = SAMPLES[1]
    status, h, body = request(s, "POST", "/", text, {"Content-Type": "text/plain; charset=utf-8"})
    assert status == 200 and h["content-type"] == "audio/wav", (status, h)
    assert h.get("transfer-encoding") == "chunked", h
    reference = cli("say", "-o", "-", "--raw", "-", stdin=text.encode())
    assert wav_pcm(body) == reference, "%d samples, ravi say gives %d" % (len(wav_pcm(body)) // 2, len(reference) // 2)
    status, _, again = request(s, "POST", "/", text)
    assert again == body, "the same request gave other bytes"


@test
def test_speak_query(s):
    from urllib.parse import quote
    status, h, body = request(s, "GET", "/speak?text=%s&voice=ravi-female&format=mp3&speed=1.5" % quote(SHORT))
    assert status == 200 and h["content-type"] == "audio/mpeg", (status, h, body[:200])
    normal = decoded_samples(request(s, "GET", "/speak?text=%s&format=mp3" % quote(SHORT))[2], "mp3", 22050)
    fast = decoded_samples(body, "mp3", 22050)
    assert fast < normal * 0.8, "speed 1.5 gave %d samples, speed 1 %d" % (fast, normal)
    reference = cli("say", "-o", "-", "--raw", "--voice", "ravi-female", "-", stdin=SHORT.encode())
    status, _, body = request(s, "GET", "/speak?text=%s&voice=ravi-female" % quote(SHORT))
    assert wav_pcm(body) == reference, "the voice was not ravi-female"
    status, _, body = request(s, "GET", "/speak")
    assert status == 400 and json.loads(body)["error"]["param"] == "text", body


def integrated_lufs(data, suffix):
    """(integrated loudness in LUFS, true peak in dBTP) of encoded audio, as FFmpeg measures them."""
    path = os.path.join(TMP, "loud." + suffix)
    with open(path, "wb") as f:
        f.write(data)
    err = subprocess.run(["ffmpeg", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, check=True).stderr.decode()
    summary = err[err.rindex("Summary:"):]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return lufs, peak


@test
def test_loudness_of_what_is_served(s):
    """Files from the server sit at the level `ravi say` gives them: -16 LUFS, under -1 dBTP."""
    text = "\n".join(SAMPLES)
    for fmt, suffix in (("mp3", "mp3"), ("opus", "ogg"), ("wav", "wav")):
        status, _, body = speech(s, input=text, response_format=fmt)
        assert status == 200, (fmt, status)
        lufs, peak = integrated_lufs(body, suffix)
        assert abs(lufs + 16) <= 1.0 and peak <= -1.0, "%s: %.1f LUFS, true peak %.1f dBTP" % (fmt, lufs, peak)
    quiet = Server("--workers", "1", "--wyoming", "off", "--loudness", "off")
    try:
        status, _, body = request(quiet, "POST", "/", SHORT)
        assert status == 200 and wav_pcm(body) == cli("say", "-o", "-", "--raw", "--loudness", "off", "-",
                                                    stdin=SHORT.encode()), "--loudness off: not the voice's level"
    finally:
        quiet.stop()


@test
def test_normalize(s):
    status, h, body = request(s, "POST", "/normalize", SAMPLES[0])
    assert status == 200 and h["content-type"].startswith("text/plain"), (status, h)
    assert body == cli("normalize", "-", stdin=SAMPLES[0].encode()), body[:300]


@test
def test_openai_formats(s):
    status, _, wav = speech(s, response_format="wav")
    samples = len(wav_pcm(wav)) // 2
    status, h, body = speech(s)  # mp3 by default
    assert status == 200 and h["content-type"] == "audio/mpeg", (status, h)
    for fmt, suffix, mime in (("mp3", "mp3", "audio/mpeg"), ("opus", "ogg", "audio/ogg"), ("aac", "aac", "audio/aac"),
                              ("flac", "flac", "audio/flac")):
        status, h, body = speech(s, response_format=fmt)
        assert status == 200 and h["content-type"].startswith(mime), (fmt, status, h)
        got = decoded_samples(body, suffix, 22050)
        # encoders add their own delay and padding: a few frames
        assert abs(got - samples) < 4096, "%s: %d samples, the WAV has %d" % (fmt, got, samples)
    status, h, body = speech(s, response_format="pcm")
    assert status == 200 and "rate=24000" in h["content-type"], h
    expected = samples * 24000 / 22050
    assert abs(len(body) / 2 - expected) < 100, "pcm: %d samples at 24 kHz, expected %d" % (len(body) / 2, expected)


@test
def test_html_and_ssml_bodies(s):
    page = ("<!doctype html><html><head><title>خبر</title></head><body><nav>صفحهٔ اصلی اخبار ورزش</nav>"
            "<article><h1>هشدار هواشناسی</h1><p>سازمان هواشناسی کشور اعلام کرد که فردا باران می‌بارد.</p>"
            "</article><footer>همهٔ حقوق محفوظ است</footer></body></html>")
    status, _, body = request(s, "POST", "/", page, {"Content-Type": "text/html"})
    assert status == 200, body
    assert wav_pcm(body) == cli("say", "-o", "-", "--raw", "--html", "-", stdin=page.encode()), "HTML read otherwise than ravi say reads it"
    status, _, body = request(s, "POST", "/normalize", page, {"Content-Type": "text/html"})
    assert "ورزش".encode() not in body and "هشدار".encode() in body, body.decode()
    ssml = '<speak><p>سلام.</p><break time="500ms"/><p>خداحافظ.</p></speak>'
    status, _, body = request(s, "POST", "/", ssml, {"Content-Type": "application/ssml+xml"})
    assert status == 200 and wav_pcm(body) == cli("say", "-o", "-", "--raw", "--ssml", "-", stdin=ssml.encode()), status
    status, _, body = request(s, "POST", "/", "<speak><p>سلام</speak>")
    err = json.loads(body)["error"]
    assert status == 400 and err["param"] == "body" and "body:1:" in err["message"] and "invalid SSML" in err["message"], body
    status, _, body = speech(s, input="<speak><s>سلام</speak>")
    err = json.loads(body)["error"]
    assert status == 400 and err["param"] == "input" and err["code"] == "invalid_markup", body


@test
def test_errors_name_their_field(s):
    cases = [
        ({"voice": "nobody"}, 400, "voice"),
        ({"voice": "fa+nosuchvariant"}, 400, "voice"),
        ({"response_format": "ogg"}, 400, "response_format"),
        ({"speed": 5}, 400, "speed"),
        ({"speed": "fast"}, 400, "speed"),
        ({"model": "tts-9"}, 400, "model"),
        ({"input": None}, 400, "input"),
        ({"input": 7}, 400, "input"),
        ({"input": "!!! ..."}, 400, "input"),
        ({"input": "ب" * 20001}, 400, "input"),
        ({"input_format": "pdf"}, 400, "input_format"),
        ({"stream_format": "sse"}, 400, "stream_format"),
    ]
    for fields, want, param in cases:
        status, h, body = speech(s, **fields)
        err = json.loads(body)["error"]
        assert (status, err["param"]) == (want, param), (fields, status, body)
        assert h["content-type"] == "application/json" and err["message"], body
    for body, why in ((b"{", "line 1"), (b"[1]", "JSON object")):
        status, _, out = request(s, "POST", "/v1/audio/speech", body, {"Content-Type": "application/json"})
        assert status == 400 and why in json.loads(out)["error"]["message"], out
    status, _, body = request(s, "POST", "/", "ب" * 20001)
    assert status == 400 and json.loads(body)["error"]["param"] == "body", body
    status, _, body = request(s, "GET", "/nowhere")
    assert status == 404, status
    status, h, body = request(s, "DELETE", "/v1/audio/speech")
    assert status == 405 and h["allow"] == "POST", (status, h)
    # refused by its Content-Length before the body is read; and a chunked body, as it grows
    for head, chunk in ((b"Content-Length: %d\r\n" % (5 << 20), b""),
                        (b"Transfer-Encoding: chunked\r\n", b"100000\r\n" + b"x" * 0x100000 + b"\r\n")):
        sock = socket.create_connection((s.host, s.port), timeout=10)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n" + head + b"\r\n")
        try:
            if chunk:
                sock.sendall(chunk * 5 + b"0\r\n\r\n")
        except OSError:
            pass  # the server has answered and closed
        answer = sock.makefile("rb").read()
        sock.close()
        assert answer.startswith(b"HTTP/1.1 413") and b"request_too_large" in answer, answer[:300]


@test
def test_audio_streams(s):
    """Chunked, and the first bytes long before the last: the audio is sent as it is made."""
    conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
    started = time.monotonic()
    conn.request("POST", "/", body=LONG.encode())
    resp = conn.getresponse()
    resp.read(4096)
    first = time.monotonic() - started
    size = 4096 + len(resp.read())
    total = time.monotonic() - started
    conn.close()
    assert resp.getheader("Transfer-Encoding") == "chunked", resp.getheaders()
    assert first < total / 3, "first bytes after %.3f s of %.3f s" % (first, total)
    assert size > 10 << 20, size
    wait_until(lambda: s.log_lines(r"POST / status=200 bytes=%d " % size))
    line = s.log_lines(r"POST / status=200 bytes=%d " % size)
    assert line and re.search(r"ms=\d+ ttfb_ms=\d+", line[-1]), s.log()[-500:]


@test
def test_same_request_same_bytes_on_every_worker(s):
    results = [None] * 4

    def one(i):
        results[i] = speech(s, response_format="flac", voice="ravi-male", input=SAMPLES[2])[2]
    threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results) and len(results[0]) > 10000, [len(r) for r in results]


@test
def test_listen_stream_frames(s):
    status, h, body = request(s, "POST", "/stream", {"input": SAMPLES[0], "voice": "ravi-male"})
    assert status == 200 and h["content-type"] == "application/vnd.ravi.stream", (status, h)
    at, pcm, events, done = 0, 0, [], None
    while at < len(body):
        kind, length = chr(body[at]), struct.unpack("<I", body[at + 4:at + 8])[0]
        payload = body[at + 8:at + 8 + length]
        at += 8 + length
        if kind == "a":
            pcm += length // 2
        elif kind == "e":
            ev = json.loads(payload)
            assert ev["sample"] <= pcm + 1, "an event after its audio: %s at %d" % (ev, pcm)
            events.append(ev)
        elif kind == "d":
            done = json.loads(payload)
    sentences = [e for e in events if e["type"] == "sentence"]
    assert done and done["status"] == 0 and done["samples"] == pcm, done
    assert len(sentences) >= 4 and sentences[0]["heading"] and sentences[0]["sample"] == 0, sentences[:2]
    text = SAMPLES[0].encode()
    for e in sentences:  # the byte ranges index the input, and the text is what it says there
        assert text[e["byte_start"]:e["byte_end"]].decode() == e["text"], e


@test
def test_wyoming_describe(s):
    w = Wyoming(s)
    w.send("describe")
    kind, info, _ = w.recv()
    w.close()
    assert kind == "info", kind
    tts = info["tts"][0]
    assert tts["name"] == "ravi" and tts["installed"] and tts["supports_synthesize_streaming"], tts
    voices = {v["name"]: v for v in tts["voices"]}
    assert "ravi-male" in voices and voices["ravi-male"]["languages"] == ["fa"], voices.keys()
    assert all(v["attribution"]["name"] and v["installed"] for v in voices.values()), voices


@test
def test_wyoming_synthesize(s):
    w = Wyoming(s)
    w.send("synthesize", {"text": SAMPLES[2], "voice": {"name": "ravi-female"}})
    start, pcm, chunks, stop = w.audio()
    w.close()
    assert (start["rate"], start["width"], start["channels"]) == (22050, 2, 1), start
    assert pcm == cli("say", "-o", "-", "--raw", "--voice", "ravi-female", "-", stdin=SAMPLES[2].encode()), \
        "Wyoming's samples differ from ravi say's"
    stamps = [c["timestamp"] for c in chunks]
    assert stamps == sorted(stamps) and len(chunks) > 10, stamps[:5]
    assert abs(stop["timestamp"] - len(pcm) / 2 / 22.05) < 2, (stop, len(pcm))
    # the data may also come as a block after the line (data_length), as the Python library sends it
    w = Wyoming(s)
    w.send("synthesize", {"text": SHORT}, data_block=True)
    start, pcm2, _, _ = w.audio()
    w.send("ping", {"text": "hello"})
    assert w.recv()[:2] == ("pong", {"text": "hello"})
    w.close()
    assert pcm2 == cli("say", "-o", "-", "--raw", "-", stdin=SHORT.encode())


@test
def test_wyoming_streaming(s):
    """Whole sentences are spoken as their chunks come, before the stream ends."""
    w = Wyoming(s)
    w.send("synthesize-start", {"voice": {"name": "ravi-male"}})
    first, second = "سازمان هواشناسی کشور اعلام کرد. ", "فردا در تهران باران می‌بارد. دمای هوا ۱۲ درجه است"
    for piece in (first[:9], first[9:], second[:14]):  # cut inside words
        w.send("synthesize-chunk", {"text": piece})
    _, pcm1, _, _ = w.audio()  # the first sentence, while the stream is still open
    w.send("synthesize-chunk", {"text": second[14:]})
    w.send("synthesize", {"text": first + second})  # for older servers: ignored by a streaming one
    w.send("synthesize-stop")
    streams = [pcm1]
    while True:
        ev = w.recv()
        assert ev, "closed before synthesize-stopped"
        if ev[0] == "synthesize-stopped":
            break
        assert ev[0] == "audio-start", ev[:2]
        pcm = b""
        while True:
            ev = w.recv()
            if ev[0] == "audio-stop":
                break
            pcm += ev[2]
        streams.append(pcm)
    w.close()
    assert streams[0] == cli("say", "-o", "-", "--raw", "--voice", "ravi-male", "-", stdin=first.encode())
    assert len(streams) >= 2 and all(len(p) > 20000 for p in streams), [len(p) for p in streams]
    log = s.log_lines(r"WYOMING synthesize-(chunk|stop) status=ok")
    assert len(log) >= 2, s.log()[-600:]  # written before each stream's audio-stop was sent


@test
def test_wyoming_errors(s):
    w = Wyoming(s)
    w.send("synthesize", {"text": SHORT, "voice": {"name": "nobody"}})
    kind, data, _ = w.recv()
    assert kind == "error" and data["code"] == "voice_not_found" and "nobody" in data["text"], data
    w.send("synthesize", {"text": "..."})
    kind, data, _ = w.recv()
    assert kind == "error" and data["code"] == "RAVI_E_EMPTY", data
    w.send("synthesize", {"text": SHORT, "text_format": "ssml"})
    kind, data, _ = w.recv()
    assert kind == "error" and "SSML" in data["text"], data
    w.send("synthesize-chunk", {"text": "سلام"})
    assert w.recv()[1]["code"] == "not_streaming"
    w.send("transcribe", {"language": "fa"})  # another service's event: not answered
    w.send("describe")
    assert w.recv()[0] == "info"
    w.sock.sendall(b"{not json\n")
    kind, data, _ = w.recv()
    assert kind == "error" and data["code"] == "invalid_event", data
    assert w.recv() is None, "the connection stays open after a malformed event"
    w.close()
    w = Wyoming(s)
    w.sock.sendall(b'{"type": "describe", "data_length": 100000000}\n')
    kind, data, _ = w.recv()
    assert kind == "error" and "max-body" in data["text"], data
    w.close()


@test
def test_queue_full_is_503(s):
    """2 workers busy with clients that do not read, 2 requests waiting: the next is refused."""
    held = []
    for _ in range(2):
        conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
        conn.request("POST", "/", body=LONG.encode())
        held.append(conn)
    wait_until(lambda: json.loads(request(s, "GET", "/healthz")[2])["busy"] == 2)
    results = []
    waiting = [threading.Thread(target=lambda: results.append(speech(s)[0])) for _ in range(2)]
    for t in waiting:
        t.start()
    wait_until(lambda: json.loads(request(s, "GET", "/healthz")[2])["waiting"] == 2)
    status, h, body = speech(s)
    assert status == 503 and int(h["retry-after"]) >= 1 and json.loads(body)["error"]["code"] == "busy", (status, h, body)
    for conn in held:
        conn.close()
    for t in waiting:
        t.join(60)
    assert results == [200, 200], results
    wait_until(lambda: s.log_lines(r"status=503 .*queue full"))


def wait_until(cond, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting")


def new_worker(s, known, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = [p for p in s.tree()[2] if p not in known]
        if workers:
            return workers[0]
        time.sleep(0.002)
    raise AssertionError("no worker appeared")


@test
def test_worker_crash_is_a_500_and_harms_no_other(s):
    reference = request(s, "POST", "/", LONG)[2]
    other = {}

    def long_request():
        conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
        conn.request("POST", "/", body=LONG.encode())
        resp = conn.getresponse()
        other["first"] = resp.read(1000)
        time.sleep(0.5)  # keeps its worker busy while the other one dies
        other["body"] = other["first"] + resp.read()
    known = set(s.tree()[2])
    t = threading.Thread(target=long_request)
    t.start()
    known.add(new_worker(s, known))
    # a page whose article starts after 3 MB of scripts: the worker reads a while before speaking
    page = ("<html><body>" + "<script>var x = 1;</script>\n" * 110000 + "<p>سازمان هواشناسی کشور اعلام کرد.</p></body></html>")
    crashed = {}
    c = threading.Thread(target=lambda: crashed.setdefault("r", request(s, "POST", "/", page, {"Content-Type": "text/html"})))
    c.start()
    victim = new_worker(s, known)
    os.kill(victim, signal.SIGSEGV)
    c.join(60)
    t.join(60)
    status, _, body = crashed["r"]
    err = json.loads(body)["error"]
    assert status == 500 and err["code"] == "worker_failed" and "died" in err["message"], (status, body)
    assert other["body"] == reference, "the request beside the crash was harmed"
    wait_until(lambda: s.log_lines(r"worker process %d died of signal 11" % victim))
    assert request(s, "POST", "/", SHORT)[0] == 200


@test
def test_worker_dying_midway_cuts_the_stream(s):
    conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
    known = set(s.tree()[2])
    conn.request("POST", "/", body=LONG.encode())
    resp = conn.getresponse()
    got = resp.read(100000)
    assert resp.status == 200 and got
    os.kill(new_worker(s, known), signal.SIGABRT)
    try:
        while resp.read(65536):
            pass
        raise AssertionError("the stream ended as if complete")
    except http.client.IncompleteRead:
        pass
    conn.close()
    wait_until(lambda: s.log_lines(r"POST / status=200 .*error=\"the worker process died"))


@test
def test_openai_worker_crash_before_audio_is_a_500(s):
    """SIGABRT (what eSpeak NG 1.51's stack protector raises) before any audio: OpenAI's error."""
    page = ("<html><body>" + "<script>var x = 1;</script>\n" * 110000 + "<p>سازمان هواشناسی کشور اعلام کرد.</p></body></html>")
    known = set(s.tree()[2])
    crashed = {}
    c = threading.Thread(target=lambda: crashed.setdefault("r", speech(s, input=page)))
    c.start()
    victim = new_worker(s, known)
    os.kill(victim, signal.SIGABRT)
    c.join(60)
    status, h, body = crashed["r"]
    err = json.loads(body)["error"]
    assert status == 500 and h["content-type"] == "application/json", (status, h, body)
    assert err["code"] == "worker_failed" and err["type"] and "died" in err["message"], body
    wait_until(lambda: s.log_lines(r"worker process %d died of signal 6" % victim))
    status, _, body = speech(s, response_format="wav", voice="alloy")  # OpenAI's alloy is ravi-male
    assert status == 200 and wav_pcm(body) == cli("say", "-o", "-", "--raw", "--voice", "ravi-male", "-", stdin=SHORT.encode())


@test
def test_listen_stream_worker_crash_ends_with_an_error_frame(s):
    """The page's stream: a worker killed mid-way ends it with an `x` frame the page can show."""
    conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
    known = set(s.tree()[2])
    conn.request("POST", "/stream", body=json.dumps({"input": LONG}).encode(), headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    head = resp.read(100000)
    assert resp.status == 200 and head[:1] in (b"a", b"e"), (resp.status, head[:16])
    os.kill(new_worker(s, known), signal.SIGSEGV)
    body = head + resp.read()  # a whole chunked response: the end is a frame, not a cut
    conn.close()
    kind, payload = stream_frames(body)[-1]
    err = json.loads(payload)
    assert kind == "x" and err["name"] == "RAVI_E_IO" and "died" in err["message"], (kind, payload)
    status, _, body = request(s, "POST", "/stream", {"input": SHORT})
    kind, payload = stream_frames(body)[-1]
    assert status == 200 and kind == "d" and json.loads(payload)["status"] == 0, (status, kind, payload)


def stream_frames(body):
    """The listen page's frames: [(type, payload)...]; the body holds whole frames only."""
    at, frames = 0, []
    while at < len(body):
        length = struct.unpack("<I", body[at + 4:at + 8])[0]
        frames.append((chr(body[at]), body[at + 8:at + 8 + length]))
        at += 8 + length
    assert at == len(body), "a frame cut short: %d of %d bytes" % (at, len(body))
    return frames


@test
def test_wyoming_worker_crash_is_an_error_event(s):
    """Wyoming: a worker killed mid-stream closes the stream (audio-stop) and sends `error`; the
    connection stays, and its next synthesize is spoken whole by a fresh worker."""
    w = Wyoming(s)
    known = set(s.tree()[2])
    w.send("synthesize", {"text": LONG})
    assert w.recv()[0] == "audio-start"
    assert w.recv()[0] == "audio-chunk"
    victim = new_worker(s, known)
    os.kill(victim, signal.SIGSEGV)
    while True:
        kind, data, _ = w.recv()
        if kind != "audio-chunk":
            break
    assert kind == "audio-stop", (kind, data)
    kind, data, _ = w.recv()
    assert kind == "error" and data["code"] == "worker_failed" and "died" in data["text"], (kind, data)
    w.send("synthesize", {"text": SHORT})
    _, pcm, _, _ = w.audio()
    w.close()
    assert pcm == cli("say", "-o", "-", "--raw", "-", stdin=SHORT.encode())
    wait_until(lambda: s.log_lines(r"WYOMING synthesize status=error .*died"))
    wait_until(lambda: s.log_lines(r"worker process %d died of signal 11" % victim))


@test
def test_a_dead_zygote_is_replaced(s):
    keeper, zygote, _ = s.tree()
    os.kill(zygote, signal.SIGKILL)
    wait_until(lambda: s.tree()[1] not in (None, zygote), timeout=30)
    assert s.tree()[0] == keeper
    assert s.log_lines(r"the workers' zygote process %d died of signal 9 .*a new one is starting" % zygote), s.log()[-400:]
    status, _, body = request(s, "POST", "/", SHORT)
    assert status == 200 and wav_pcm(body) == cli("say", "-o", "-", "--raw", "-", stdin=SHORT.encode())


@test
def test_slow_clients_are_cut_off(s):
    """--timeout 3: a client that says nothing, one that stops sending its body, one that stops
    reading; the worker of the last is freed."""
    silent = socket.create_connection((s.host, s.port))
    stalled = socket.create_connection((s.host, s.port))
    stalled.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "سلام".encode())
    reader = socket.socket()
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reader.connect((s.host, s.port))
    body = LONG.encode()
    reader.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    started = time.monotonic()
    for sock in (silent, stalled):
        sock.settimeout(15)
        assert sock.recv(100) == b"", "not closed"
        assert time.monotonic() - started < 10
    wait_until(lambda: json.loads(request(s, "GET", "/healthz")[2])["busy"] == 0, timeout=20)
    wait_until(lambda: s.log_lines(r"POST / status=200 .*silent too long"))
    for sock in (silent, stalled, reader):
        sock.close()


def seven_connections(s):
    """Seven HTTP connections at once (--per-client 6): (the sockets, whether the server closed the
    seventh and no other)."""
    socks = [socket.create_connection((s.host, s.port)) for _ in range(7)]
    socks[-1].settimeout(5)
    try:
        last_closed = socks[-1].recv(10) == b""
    except socket.timeout:
        last_closed = False
    other_closed = False
    for sock in socks[:-1]:
        sock.settimeout(0.1)
        try:
            other_closed = other_closed or sock.recv(10) == b""
        except socket.timeout:
            pass
    return socks, last_closed and not other_closed


@test
def test_connections_per_client(s):
    # the earlier requests' connections first let go (the health request is then the only one
    # open); one that lingers past that (a loaded machine, the sanitizers) takes a place of the
    # seven, so the seven are tried again
    for attempt in range(5):
        wait_until(lambda: json.loads(request(s, "GET", "/healthz")[2])["connections"] == 1, timeout=20)
        # the health request's own connection is the one counted; the server lets go of it when it
        # next looks at it, which may be after it has taken the seven (then the sixth is refused too)
        time.sleep(0.5)
        socks, seventh_alone = seven_connections(s)
        if seventh_alone:
            break
        for sock in socks:
            sock.close()
    assert seventh_alone, "five tries: the seventh connection was kept, or another was closed"
    socks[0].settimeout(None)
    socks[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    socks[0].settimeout(5)
    assert socks[0].recv(100).startswith(b"HTTP/1.1 200"), "the first six are served"
    for sock in socks:
        sock.close()
    # the server lets go of a closed connection when it next looks at it: not at once
    wait_until(lambda: healthy(s))
    # Wyoming's: the seventh is told why and closed; a silent one is closed after --timeout (3 s)
    ws = [Wyoming(s, timeout=10) for _ in range(7)]
    kind, data, _ = ws[-1].recv()
    assert kind == "error" and data["code"] == "too_many_connections", (kind, data)
    assert ws[-1].recv() is None
    ws[0].send("describe")
    assert ws[0].recv()[0] == "info"
    started = time.monotonic()
    assert ws[1].recv() is None and 2 < time.monotonic() - started < 8, "a silent Wyoming client was kept"
    for w in ws:
        w.close()


def healthy(s):
    try:
        return request(s, "GET", "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


@test
def test_one_log_line_per_request(s):
    before = len(s.log_lines(r"127\.0\.0\.1 (GET|POST) "))
    request(s, "GET", "/healthz")
    request(s, "POST", "/", SHORT)
    speech(s, voice="nobody")
    # a request's line is written once it is done, maybe a moment after its client has it all
    wait_until(lambda: len(s.log_lines(r"127\.0\.0\.1 (GET|POST) ")) >= before + 3)
    time.sleep(0.2)
    lines = s.log_lines(r"127\.0\.0\.1 (GET|POST) ")[before:]
    assert len(lines) == 3, lines
    # in the order the requests ended: a streamed one's line may come after the next one's
    for pattern in (r" GET /healthz status=200 bytes=\d+ ms=\d+",
                    r" POST / status=200 bytes=\d{5,} ms=\d+ ttfb_ms=\d+ worker_rss_kb=\d+",
                    r" POST /v1/audio/speech status=400 bytes=\d+ ms=\d+ .*error=\"voice: unknown"):
        assert len([l for l in lines if re.search(pattern, l)]) == 1, (pattern, lines)


# ---- tests with servers of their own ------------------------------------------------------------

def test_bearer_token():
    s = Server("--workers", "1", "--wyoming", "off", "--text", env=dict(ENV, RAVI_SERVE_TOKEN="s3cret"))
    try:
        # the command line's --text is every request's default; a Content-Type says otherwise
        markup, auth = "<p>سلام <b>دنیا</b></p>", {"Authorization": "Bearer s3cret"}
        got = request(s, "POST", "/normalize", markup, auth)[2]
        assert got == cli("normalize", "--text", "-", stdin=markup.encode()), got.decode()
        got = request(s, "POST", "/normalize", markup, dict(auth, **{"Content-Type": "text/html"}))[2]
        assert got == cli("normalize", "--html", "-", stdin=markup.encode()) != cli("normalize", "--text", "-", stdin=markup.encode()), got.decode()
        status, h, body = speech(s)
        assert status == 401 and h["www-authenticate"].startswith("Bearer") and \
            json.loads(body)["error"]["type"] == "authentication_error", (status, h, body)
        status, _, _ = request(s, "POST", "/v1/audio/speech", {"model": "tts-1", "input": SHORT},
                               {"Authorization": "Bearer wrong"})
        assert status == 401
        status, _, _ = request(s, "POST", "/v1/audio/speech", {"model": "tts-1", "input": SHORT},
                               {"Authorization": "Bearer s3cret"})
        assert status == 200
        assert request(s, "GET", "/")[0] == 200 and request(s, "GET", "/healthz")[0] == 200
        assert request(s, "GET", "/v1/audio/voices")[0] == 401
        return s
    except BaseException:
        s.stop()
        raise


def test_graceful_shutdown():
    s = Server("--workers", "2")
    reference = request(s, "POST", "/", LONG)[2]
    w = Wyoming(s)
    conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
    conn.request("POST", "/", body=LONG.encode())
    resp = conn.getresponse()
    head = resp.read(50000)
    w.send("synthesize", {"text": LONG})  # unread, its worker waits: still in flight at SIGTERM
    assert w.recv()[0] == "audio-start"
    s.proc.send_signal(signal.SIGTERM)
    wait_until(lambda: "stopping; no new connections; finishing 2 requests in flight" in s.log())
    # Wyoming's request in flight is finished too
    pcm = b""
    while True:
        kind, _, payload = w.recv()
        if kind == "audio-stop":
            break
        pcm += payload
    w.close()
    assert pcm == wav_pcm(reference), "Wyoming's request in flight was cut: %d of %d bytes" % (len(pcm), len(reference) - 44)
    refused = 0
    for port in (s.port, s.wyoming_port):
        try:
            socket.create_connection((s.host, port), timeout=2).close()
        except OSError:
            refused += 1
    body = head + resp.read()
    conn.close()
    code = s.stop(timeout=30)
    assert body == reference, "the request in flight was cut: %d of %d bytes" % (len(body), len(reference))
    assert refused == 2, "new connections were still taken while shutting down"
    assert code == 0 and "stopped" in s.log().splitlines()[-1], (code, s.log()[-300:])
    left = [p for p in (s.tree()[0], s.tree()[1]) if p]
    assert not left, "the pool outlived the server: %s" % left


def test_hung_worker_is_stopped():
    """A worker that stops answering (SIGSTOP here; an endless loop in eSpeak NG in life) is
    killed after --worker-timeout, its request answered 500, and the next one served."""
    s = Server("--workers", "1", "--wyoming", "off", "--worker-timeout", "2", "--max-body", "4M")
    victim = None
    try:
        page = ("<html><body>" + "<script>var x = 1;</script>\n" * 110000 + "<p>سازمان هواشناسی کشور اعلام کرد.</p></body></html>")
        hung = {}
        c = threading.Thread(target=lambda: hung.setdefault("r", request(s, "POST", "/", page, {"Content-Type": "text/html"})))
        started = time.monotonic()
        c.start()
        victim = new_worker(s, set())
        # once it has said who it is and begun reading its job (a worker stopped before that is
        # never known to the server: it answers 500 all the same, and the worker ends when it
        # next runs and finds its socket closed)
        wait_until(lambda: bytes_read(victim) > 100000, timeout=20)
        os.kill(victim, signal.SIGSTOP)
        c.join(30)
        status, _, body = hung["r"]
        waited = time.monotonic() - started
        err = json.loads(body)["error"]
        assert status == 500 and err["code"] == "worker_failed" and "stopped answering" in err["message"], (status, body)
        assert 1.5 < waited < 15, waited
        wait_until(lambda: s.log_lines(r"worker process %d died of signal 9" % victim))
        status, _, body = request(s, "POST", "/", SHORT)
        assert status == 200 and wav_pcm(body) == cli("say", "-o", "-", "--raw", "-", stdin=SHORT.encode())
    finally:
        if victim:
            try:
                os.kill(victim, signal.SIGKILL)  # never left stopped, whatever failed above
            except OSError:
                pass
        s.stop()


def bytes_read(pid):
    try:
        with open("/proc/%d/io" % pid) as f:
            return int(re.search(r"rchar: (\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        return 0


def test_startup_errors():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    for args, want, message in (
            (["--listen", "127.0.0.1:%d" % port], 1, r"--listen '127\.0\.0\.1:\d+': Address already in use"),
            (["--listen", "nowhere"], 1, r"--listen 'nowhere': expected ADDRESS:PORT"),
            (["--voice", "nobody"], 2, r"unknown voice 'nobody'"),
            (["--workers", "0"], 2, r"--workers: expected a whole number from 1"),
            (["--max-body", "lots"], 2, r"--max-body: expected a size"),
            (["--token", ""], 2, r"the token is empty")):
        p = subprocess.run([RAVI, "serve", "--wyoming", "off", *args], capture_output=True, env=ENV, timeout=START_TIMEOUT)
        err = p.stderr.decode()
        assert p.returncode == want and re.search(message, err) and len(err.strip().splitlines()) == 1, (args, p.returncode, err)
    taken.close()


def test_defaults():
    """HTTP on 127.0.0.1:5000, Wyoming on 127.0.0.1:10200, a worker per core: either it listens
    there, or the port is taken (another program on this machine) and the error names it."""
    p = subprocess.Popen([RAVI, "serve"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    first = p.stderr.readline().decode()
    p.send_signal(signal.SIGTERM)
    rest = p.communicate(timeout=START_TIMEOUT)[1].decode()
    listening = re.search(r"listening on http://127\.0\.0\.1:5000/, Wyoming on tcp://127\.0\.0\.1:10200; (\d+) workers", first)
    taken = re.search(r"--(listen '127\.0\.0\.1:5000|wyoming '127\.0\.0\.1:10200)': Address already in use", first)
    assert listening or taken, first + rest
    if listening:
        assert int(listening.group(1)) == os.cpu_count() and p.returncode == 0, (first, p.returncode)
    s = Server("--wyoming", "off")
    try:
        assert "Wyoming off" in s.log() and json.loads(request(s, "GET", "/healthz")[2])["workers"] == os.cpu_count()
    finally:
        s.stop()


# ---- node: the openai npm client, the listen page in Chromium -----------------------------------

def node_tests(s_token):
    """(passed, failed)"""
    node_path = os.environ.get("NODE_PATH")
    if not node_path:
        print("  FAIL node tests: NODE_PATH names no node_modules with openai and playwright-core")
        return 0, 1
    env = dict(os.environ, NODE_PATH=node_path)
    html = os.path.join(TMP, "page.html")
    with open(html, "w", encoding="utf-8") as f:
        f.write("<html><head><title>خبر</title></head><body><nav>منو</nav><article><h1>هشدار هواشناسی</h1>"
                "<p>سازمان هواشناسی کشور اعلام کرد. فردا در تهران باران می‌بارد.</p></article></body></html>")
    shot = os.environ.get("SCREENSHOT", os.path.join(TMP, "listen.png"))
    passed = failed = 0
    for cmd in (["node", os.path.join(HERE, "openai.js"), s_token.url(), "s3cret", TMP],
                ["node", os.path.join(HERE, "page.js"), PAGE_SERVER.url(), os.path.join(ROOT, "samples", "news-1.txt"),
                 html, shot]):
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
        sys.stdout.write(p.stdout)
        if p.returncode:
            sys.stdout.write(p.stderr[-2000:])
        passed += p.stdout.count("  ok   ")
        failed += p.stdout.count("FAIL") + (1 if p.returncode and "FAIL" not in p.stdout else 0)
    return passed, failed


PAGE_SERVER = None


def main():
    global PAGE_SERVER
    passed = failed = 0

    def run(name, fn, *args):
        nonlocal passed, failed
        try:
            fn(*args)
            passed += 1
            print("  ok   " + name)
        except Exception:
            failed += 1
            print("  FAIL " + name)
            print("    " + traceback.format_exc().strip().replace("\n", "\n    "))

    s = Server("--workers", "2", "--queue", "2", "--timeout", "3", "--per-client", "6", "--max-body", "4M",
               "--max-text", "20000")
    PAGE_SERVER = s
    try:
        for t in TESTS:
            run(t.__name__, t, s)
        token_server = None
        try:
            token_server = test_bearer_token()
            passed += 1
            print("  ok   test_bearer_token")
        except Exception:
            failed += 1
            print("  FAIL test_bearer_token\n    " + traceback.format_exc().strip().replace("\n", "\n    "))
        run("test_graceful_shutdown", test_graceful_shutdown)
        run("test_hung_worker_is_stopped", test_hung_worker_is_stopped)
        run("test_startup_errors", test_startup_errors)
        run("test_defaults", test_defaults)
        if token_server:
            p, f = node_tests(token_server)
            passed += p
            failed += f
            token_server.stop()
    finally:
        code = s.stop()
        if code != 0:
            failed += 1
            print("  FAIL the test server exited %d: %s" % (code, s.log()[-500:]))
    if failed:
        print("serve: %d passed, %d failed (the servers' logs: %s)" % (passed, failed, TMP))
    else:
        print("serve: %d passed, 0 failed" % passed)
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
