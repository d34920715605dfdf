#!/usr/bin/env python3
"""make bench: Ravi's speed and memory figures, each next to its target, measured in one run.

  pipeline    ravi say --loudness off -o out.wav vs espeak-ng -v fa -w out.wav on the same large text:
              CPU time per second of audio made (Ravi says more: numbers in full, the ezafe), best of
              alternating runs (<= 1.05x; wall time is shown too, but swings with the machine's load).
              The target (issue 2) is the front end's cost: reading, cleaning, normalising, lexicon,
              homographs, ezafe, handing eSpeak NG its text. Loudness normalisation (issue 18, on by
              default for files: a second pass over the audio) is not the front end, so it is measured
              apart: the same run with the default -16 LUFS, its extra CPU per second of audio shown
              on a line of its own, with no target here (bench-publish has loudness's figures).
  first audio ravi say -o - --raw on a 1 MB article: time to the first bytes of audio (< 30 ms)
  memory      peak RSS of ravi normalize on 100 MB and ravi say on 1 and 4 MB (< 64 MB, flat)
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

RAVI = os.environ.get("RAVI", "./ravi")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = [os.path.join(ROOT, "samples", f) for f in sorted(os.listdir(os.path.join(ROOT, "samples")))]


def article(size):
    """The bundled samples repeated up to `size` bytes: real news text, numbers and all."""
    text = "".join(open(p, encoding="utf-8").read() + "\n" for p in SAMPLES).encode()
    reps = size // len(text) + 1
    return (text * reps)[:size].rsplit(b"\n", 1)[0] + b"\n"


def write_temp(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def timed(cmd, runs=3):
    """Best wall time of `runs` runs (the least disturbed by the rest of the machine)."""
    best = None
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.monotonic() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def cpu_seconds(cmd):
    """User + system CPU time of one run of cmd: its cost, whatever else the machine is doing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def side_by_side(*cmds, runs=5):
    """Runs the commands in turn, so all see the same machine; best CPU and wall time of each."""
    best = [[None, None] for _ in cmds]
    for _ in range(runs):
        for b, cmd in zip(best, cmds):
            cpu, wall = cpu_seconds(cmd)
            b[0] = cpu if b[0] is None else min(b[0], cpu)
            b[1] = wall if b[1] is None else min(b[1], wall)
    return best


def audio_seconds(cmd, path):
    """Seconds of 22050 Hz audio that one run of cmd writes to path."""
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return wav_frames(path) / 22050


def peak_rss_mb(cmd):
    """Peak resident memory of one child process, in MB (ru_maxrss of a fresh child)."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({status})")
    return usage.ru_maxrss / 1024


def wav_frames(path):
    """Frames of 16-bit mono audio that a WAV or RF64 file's header announces."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:4] == b"RF64":
        at = head.index(b"ds64")
        return int.from_bytes(head[at + 16:at + 24], "little") // 2
    at = head.index(b"data")
    return int.from_bytes(head[at + 4:at + 8], "little") // 2


def first_audio_ms(path):
    best = None
    for _ in range(5):
        start = time.monotonic()
        p = subprocess.Popen([RAVI, "say", "-o", "-", "--raw", path], stdout=subprocess.PIPE)
        p.stdout.read(1)
        elapsed = (time.monotonic() - start) * 1000
        p.kill()
        p.wait()
        best = elapsed if best is None else min(best, elapsed)
    return best


def report(name, value, target, ok):
    print(f"  {name:<44} {value:>12}   target {target:<10} {'ok' if ok else 'MISSED'}")
    return ok


def main():
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        print("bench: pipeline cost against eSpeak NG alone")
        big = write_temp(tmp, "big.txt", article(120_000))
        out = os.path.join(tmp, "out.wav")
        espeak = ["espeak-ng", "-v", "fa", "-s", "165", "-f", big, "-w", out]
        ravi = [RAVI, "say", "--loudness", "off", "-o", out, big]
        ravi_loud = [RAVI, "say", "-o", out, big]
        (cpu_e, wall_e), (cpu_r, wall_r), (cpu_l, _) = side_by_side(espeak, ravi, ravi_loud)
        sec_e, sec_r = audio_seconds(espeak, out), audio_seconds(ravi, out)
        print(f"  espeak-ng -v fa -w: {cpu_e:.2f} s CPU, {wall_e:.2f} s wall, {sec_e:.0f} s of audio   "
              f"ravi say --loudness off -o: {cpu_r:.2f} s CPU, {wall_r:.2f} s wall, {sec_r:.0f} s of audio   "
              f"(120 KB text, best of 5 alternating runs)")
        print(f"  (ravi says more: numbers in full and the ezafe vowels; total CPU {cpu_r / cpu_e:.3f}x, "
              f"wall time {wall_r / wall_e:.3f}x)")
        ratio = (cpu_r / sec_r) / (cpu_e / sec_e)
        ok &= report("CPU per second of audio, ravi / espeak-ng", f"{ratio:.3f}x", "<= 1.05x", ratio <= 1.05)
        print(f"  loudness normalisation to -16 LUFS (ravi say -o, the default): {cpu_l:.2f} s CPU, "
              f"+{(cpu_l - cpu_r) / sec_r * 1000:.1f} ms per second of audio "
              f"({cpu_l / sec_r / (cpu_e / sec_e):.3f}x eSpeak NG's; not the front end: no target here)")

        print("bench: time to first audio")
        mb1 = write_temp(tmp, "1mb.txt", article(1_000_000))
        ms = first_audio_ms(mb1)
        ok &= report("first audio bytes, 1 MB article", f"{ms:.1f} ms", "< 30 ms", ms < 30)

        print("bench: normalize throughput")
        mb100 = write_temp(tmp, "100mb.txt", article(100_000_000))
        t_norm = timed([RAVI, "normalize", mb100], runs=1)
        ok &= report("ravi normalize, 100 MB", f"{100 / t_norm:.1f} MB/s", ">= 20 MB/s", 100 / t_norm >= 20)

        print("bench: peak memory (streaming: flat whatever the input's size)")
        rss_norm = peak_rss_mb([RAVI, "normalize", mb100])
        ok &= report("ravi normalize, 100 MB input", f"{rss_norm:.1f} MB", "< 64 MB", rss_norm < 64)
        mb4 = write_temp(tmp, "4mb.txt", article(4_000_000))
        rss_1 = peak_rss_mb([RAVI, "say", "-o", out, mb1])
        rss_4 = peak_rss_mb([RAVI, "say", "-o", out, mb4])
        ok &= report("ravi say -o out.wav, 1 MB input", f"{rss_1:.1f} MB", "< 64 MB", rss_1 < 64)
        ok &= report("ravi say -o out.wav, 4 MB input", f"{rss_4:.1f} MB", "< 64 MB, flat",
                     rss_4 < 64 and rss_4 < rss_1 * 1.2)
        # 4 MB of text is some 60 hours of audio: past 4 GB, where only RF64's sizes still hold
        frames, size = wav_frames(out), os.path.getsize(out)
        ok &= report("its WAV header counts all its audio", f"{frames * 2 / 1e9:.2f} GB",
                     f"{size / 1e9:.2f} GB", abs(frames * 2 - size) < 4096)
    print("bench: " + ("all targets met" if ok else "some targets MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
