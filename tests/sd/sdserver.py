"""A private speech-dispatcher with sd_ravi as its module, playing into a PulseAudio null sink
whose monitor is recorded: everything in one scratch directory (its own HOME, XDG_RUNTIME_DIR,
configuration, module directory and socket), nothing of the user's touched. Shared by
tests/sd/e2e.py and tools/sd/bench.py."""
import array
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

RATE = 22050
SINK = "ravi_sd_test"


class Recorder:
    """The null sink's monitor, read as it comes: each block kept with the time it arrived."""

    def __init__(self, env):
        self.proc = subprocess.Popen(
            ["parec", "-d", SINK + ".monitor", "--raw", "--format=s16le", "--channels=1",
             "--rate=%d" % RATE, "--latency-msec=5"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.blocks = []  # (arrival time, first sample's index, samples)
        self.count = 0
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        pending = b""
        fd = self.proc.stdout.fileno()
        while True:
            chunk = os.read(fd, 1024)
            if not chunk:
                return
            now = time.monotonic()
            pending += chunk
            n = len(pending) // 2 * 2
            samples = array.array("h", pending[:n])
            pending = pending[n:]
            with self.lock:
                self.blocks.append((now, self.count, samples))
                self.count += len(samples)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.thread.join(2)

    def snapshot(self):
        with self.lock:
            return list(self.blocks)

    # A block arrives when its last sample has been captured: sample i of a block of n arrived
    # (n - 1 - i) / RATE seconds before the block did. Times below are of samples, so estimated;
    # the monitor's own capture latency (5 ms asked) is still in them.
    def first_sound_after(self, t, threshold=300):
        """When the first sample of sound after time t was captured, or None."""
        for at, _, samples in self.snapshot():
            if at < t:
                continue
            for i, s in enumerate(samples):
                if abs(s) > threshold:
                    return at - (len(samples) - 1 - i) / RATE
        return None

    def silence_after(self, t, quiet=0.25, threshold=300):
        """When the silence after time t began (the first sample of `quiet` seconds without
        sound), or None while there is none."""
        start, run = None, 0
        for at, _, samples in self.snapshot():
            if at < t:
                continue
            for i, s in enumerate(samples):
                if abs(s) > threshold:
                    start, run = None, 0
                    continue
                if start is None:
                    start = at - (len(samples) - 1 - i) / RATE
                run += 1
                if run >= quiet * RATE:
                    return max(start, t)
        return None

    def wait_for(self, fn, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = fn()
            if r is not None:
                return r
            time.sleep(0.01)
        return None

    def sound_seconds(self, start, end, threshold=300):
        """Seconds from the first to the last sample with sound between two arrival times."""
        first = last = None
        for at, index, samples in self.snapshot():
            if at < start or at > end:
                continue
            for i, s in enumerate(samples):
                if abs(s) > threshold:
                    if first is None:
                        first = index + i
                    last = index + i
        return 0.0 if first is None else (last - first) / RATE

    def voiced_seconds(self, start, end):
        """Seconds of sound between two arrival times, silences left out: on a loaded machine
        the sound server may insert gaps (underruns) into what it plays."""
        samples = array.array("h")
        for at, _, block in self.snapshot():
            if start <= at <= end:
                samples.extend(block)
        return voiced_seconds(samples)

    def rms(self, start, end):
        total, n = 0.0, 0
        for at, _, samples in self.snapshot():
            if start <= at <= end:
                total += sum(s * s for s in samples)
                n += len(samples)
        return (total / n) ** 0.5 / 32768 if n else 0.0


class SSIP:
    """A client of the server's own protocol, for timing requests without spd-say's start."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b""
        self.events = []

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def reply(self):
        """The next reply (events, 7xx, are kept aside)."""
        lines = []
        while True:
            line = self._line()
            if line[:1] == "7":
                self.events.append((time.monotonic(), line))
                continue
            lines.append(line)
            if line[3:4] == " ":
                return lines

    def command(self, line):
        self.sock.sendall((line + "\r\n").encode("utf-8"))
        r = self.reply()
        if not r[-1][:1] == "2":
            raise RuntimeError("%s: %s" % (line, r))
        return r

    def speak(self, text):
        """SPEAK; returns the time the message's closing line went out."""
        self.command("SPEAK")
        body = "\r\n".join("." + l if l.startswith(".") else l for l in text.split("\n"))
        sent = time.monotonic()  # before the write: the answer may come before it returns
        self.sock.sendall((body + "\r\n.\r\n").encode("utf-8"))
        r = self.reply()
        if not r[-1].startswith("225"):
            raise RuntimeError("SPEAK: %s" % r)
        return sent

    def close(self):
        try:
            self.sock.sendall(b"QUIT\r\n")
        except OSError:
            pass
        self.sock.close()


class PrivateServer:
    def __init__(self, sd_ravi, tmp, log_level=3):
        self.tmp = tmp
        self.pids = []
        for d in ("conf/modules", "modules", "home", "xdg", "log"):
            os.makedirs(os.path.join(tmp, d), exist_ok=True)
        os.chmod(os.path.join(tmp, "xdg"), 0o700)
        shutil.copy(sd_ravi, os.path.join(tmp, "modules", "sd_ravi"))
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        shutil.copy(os.path.join(root, "src", "sd", "ravi.conf"), os.path.join(tmp, "conf/modules"))
        with open(os.path.join(tmp, "conf", "speechd.conf"), "w") as f:
            f.write('LogLevel %d\nLogDir "%s/log"\nAudioOutputMethod "pulse"\n'
                    'AddModule "ravi" "sd_ravi" "ravi.conf"\nDefaultModule ravi\n'
                    'LanguageDefaultModule "fa" "ravi"\n' % (log_level, tmp))
        self.socket = os.path.join(tmp, "xdg", "speechd.sock")
        self.env = dict(os.environ, HOME=os.path.join(tmp, "home"),
                        XDG_RUNTIME_DIR=os.path.join(tmp, "xdg"),
                        PULSE_RUNTIME_PATH=os.path.join(tmp, "xdg", "pulse"),
                        SPEECHD_ADDRESS="unix_socket:" + self.socket, TMPDIR=tmp)
        # under AddressSanitizer a killed synthesis process must die of its signal, as it would
        # without (ASan's own SIGSEGV handler would turn it into exit status 1)
        self.env["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                          "handle_segv=0"]))
        self.env.pop("PULSE_SERVER", None)
        self._start_pulseaudio()
        self._start_speech_dispatcher()

    def _spawn(self, args, log):
        p = subprocess.Popen(args, env=self.env, stdout=open(os.path.join(self.tmp, log), "wb"),
                             stderr=subprocess.STDOUT)
        self.pids.append(p)
        return p

    def _start_pulseaudio(self):
        self.pulse = self._spawn(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
             "--system=no", "-L", "module-null-sink sink_name=%s rate=%d" % (SINK, RATE),
             "-L", "module-native-protocol-unix"], "pulse.log")
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env=self.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.05)
        subprocess.run(["pactl", "set-default-sink", SINK], env=self.env, check=True)

    def _start_speech_dispatcher(self):
        self.server = self._spawn(
            ["speech-dispatcher", "-s", "-t", "0", "-C", os.path.join(self.tmp, "conf"),
             "-m", os.path.join(self.tmp, "modules"), "-c", "unix_socket", "-S", self.socket,
             "-L", os.path.join(self.tmp, "log")], "speechd.out")
        for _ in range(200):
            if os.path.exists(self.socket) and self.module_pid():
                return
            time.sleep(0.05)
        raise RuntimeError("speech-dispatcher did not start: %s" % self.log("speechd.out"))

    def module_pid(self):
        """The sd_ravi process the server started."""
        for pid in _children(self.server.pid):
            try:
                with open("/proc/%d/comm" % pid) as f:
                    if f.read().strip() == "sd_ravi":
                        return pid
            except OSError:
                pass
        return None

    def speaking_pids(self):
        pid = self.module_pid()
        return _children(pid) if pid else []

    def spd_say(self, *args, timeout=60):
        return subprocess.run(["spd-say"] + list(args), env=self.env, timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def spd_say_background(self, *args):
        return subprocess.Popen(["spd-say"] + list(args), env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def record(self):
        return Recorder(self.env)

    def ssip(self):
        c = SSIP(self.socket)
        c.command("SET SELF CLIENT_NAME ravi:bench:main")
        c.command("SET SELF OUTPUT_MODULE ravi")
        c.command("SET SELF LANGUAGE fa")
        return c

    def log(self, name):
        path = os.path.join(self.tmp, name)
        if not os.path.exists(path):
            path = os.path.join(self.tmp, "log", name)
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self):
        for p in reversed(self.pids):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


def voiced_seconds(samples, frame=RATE // 100, threshold=300):
    """Seconds of 10 ms frames that hold sound (16-bit samples at RATE)."""
    voiced = 0
    for i in range(0, len(samples), frame):
        if max(map(abs, samples[i:i + frame]), default=0) > threshold:
            voiced += 1
    return voiced * frame / RATE


def _children(pid):
    try:
        out = []
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                out += [int(p) for p in f.read().split()]
        return out
    except OSError:
        return []
