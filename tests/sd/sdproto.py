"""Talking to sd_ravi the way speech-dispatcher does: commands on its standard input, replies and
events (700-706) on its standard output. Shared by tests/sd/protocol.py and tools/sd/bench.py."""
import os
import select
import subprocess
import time

ESCAPE = 0x7D


def unescape_audio(data):
    """The protocol's HDLC escape undone: 0x7D, then the byte with bit 5 inverted."""
    out = bytearray()
    i = 0
    while i < len(data):
        b = data[i]
        if b == ESCAPE:
            if i + 1 >= len(data):
                raise ValueError("audio ends with an escape")
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(b)
            i += 1
    return bytes(out)


class Message:
    """One message from the module: its code, its lines (without the code), and for 705 the
    audio's parameters and samples."""

    def __init__(self, code, lines, audio=None, params=None, at=0.0):
        self.code = code
        self.lines = lines
        self.audio = audio
        self.params = params or {}
        self.at = at  # time.monotonic() when it arrived

    def __repr__(self):
        if self.code == 705:
            return "<705 AUDIO %d bytes>" % len(self.audio)
        return "<%d %s>" % (self.code, " | ".join(self.lines))

    @property
    def text(self):
        return self.lines[-1] if self.lines else ""


class Module:
    """sd_ravi running in a child process, its stderr (the log) in a file."""

    def __init__(self, binary, args=(), env=None, wrap=(), log_path=None, cwd=None):
        self.log_path = log_path or "/tmp/sd_ravi-test-%d.log" % os.getpid()
        self.log_file = open(self.log_path, "wb")
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.proc = subprocess.Popen(list(wrap) + [binary] + list(args), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log_file, env=full_env,
                                     cwd=cwd)
        self.buf = b""
        self.eof = False

    # ---- input ----
    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close_input(self):
        self.proc.stdin.close()

    # ---- output ----
    def _fill(self, deadline):
        timeout = max(0.0, deadline - time.monotonic())
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return False
        chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _line(self, deadline):
        while b"\n" not in self.buf:
            if self.eof or not self._fill(deadline):
                return None
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def read(self, timeout=10.0):
        """The next message, or None when none came in time (or the output ended)."""
        deadline = time.monotonic() + timeout
        lines, params, audio = [], {}, None
        while True:
            line = self._line(deadline)
            if line is None:
                return None
            if len(line) < 4:
                raise ValueError("a line too short for the protocol: %r" % line)
            code = int(line[:3])
            if code == 705 and line.startswith(b"705-AUDIO\0"):
                audio = unescape_audio(line[len(b"705-AUDIO\0"):])
                continue
            text = line[4:].decode("utf-8")
            if code == 705 and line[3:4] == b"-" and "=" in text:
                k, v = text.split("=", 1)
                params[k] = int(v)
                continue
            lines.append(text)
            if line[3:4] == b" ":
                return Message(code, lines, audio, params, time.monotonic())

    def expect(self, code, timeout=10.0):
        m = self.read(timeout)
        if m is None:
            raise AssertionError("expected %d, got nothing (log: %s)" % (code, self.log()))
        if m.code != code:
            raise AssertionError("expected %d, got %r (log: %s)" % (code, m, self.log()))
        return m

    # ---- commands ----
    def command(self, line, block=None, open_code=None, done_code=None, timeout=10.0):
        """A command and its reply; a block (lines) after the reply to its first line."""
        self.send(line + "\n")
        if block is None:
            return self.read(timeout) if done_code is None else self.expect(done_code, timeout)
        if open_code is not None:
            self.expect(open_code, timeout)
        else:
            self.read(timeout)
        self.send("".join(l + "\n" for l in block) + ".\n")
        return self.read(timeout) if done_code is None else self.expect(done_code, timeout)

    def init(self):
        self.send("INIT\n")
        m = self.read(30.0)
        if m is None or m.code != 299:
            raise AssertionError("INIT: %r (log: %s)" % (m, self.log()))
        self.command("AUDIO", ["audio_output_method=server"], 207, 203)
        self.command("LOGLEVEL", ["log_level=4"], 207, 203)
        return m

    def set(self, **params):
        """SET as the server sends it before every message: all of its parameters."""
        values = dict(pitch=0, pitch_range=0, rate=0, volume=100, punctuation_mode="none",
                      spelling_mode="off", cap_let_recogn="none", language="fa",
                      synthesis_voice="NULL")
        values.update(params)
        return self.command("SET", ["%s=%s" % kv for kv in values.items()], 203)

    def speak(self, text, kind="SPEAK", reply=200):
        """A message: its lines escaped as the server escapes them; returns the reply."""
        lines = text.split("\n")
        body = "".join(("." + l if l.startswith(".") else l) + "\n" for l in lines)
        self.send(kind + "\n")
        self.expect(202)
        self.send(body + ".\n")
        return self.expect(reply)

    def until_end(self, timeout=30.0):
        """Messages up to and including the message's end (702, 703 or 704)."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.read(max(0.0, deadline - time.monotonic()))
            if m is None:
                raise AssertionError("no end event; got %r (log: %s)" % (got[-5:], self.log()))
            got.append(m)
            if m.code in (702, 703, 704):
                return got

    def say(self, text, kind="SPEAK", **params):
        """SET, a message, and everything up to its end."""
        self.set(**params)
        self.speak(text, kind)
        return self.until_end()

    def quit(self, timeout=10.0):
        self.send("QUIT\n")
        m = self.read(timeout)
        self.proc.wait(timeout)
        return m

    def log(self):
        if not self.log_file.closed:
            self.log_file.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def children(self):
        """The module's child processes (the one speaking)."""
        path = "/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)
        try:
            with open(path) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def audio_of(messages):
    """The samples of a message's 705 events, joined (bytes, 16-bit)."""
    return b"".join(m.audio for m in messages if m.code == 705)


def seconds(messages, rate=22050):
    return len(audio_of(messages)) / 2 / rate
