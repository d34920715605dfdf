#!/usr/bin/env python3
"""Strict readers of what `ravi say` writes beside the audio, for the end-to-end tests.

  check_output.py srt|vtt CUES INPUT AUDIO_SECONDS [--words]
      cue numbering (SRT), timestamp format, order, no overlaps, last cue ending at the audio's
      end (+-50 ms); the cues' texts, in order, are the input's text as written (sentences), or
      its words (--words).
  check_output.py json EVENTS INPUT AUDIO_SECONDS [--markup]
      every line is a JSON object; byte ranges index the input's bytes to the event's text;
      sentences in order without overlaps, words inside their sentence, last end = audio end.
      --markup (HTML or SSML input): a word's bytes, tags taken out and entities read, are its
      text, and the words are their sentence's text in order.
  check_output.py gap RAW RATE
      prints the longest stretch of silence, in seconds, between the first and the last sound of
      16-bit mono PCM (a recording of the player).
Prints what is wrong and exits 1; exits 0 when everything holds.
"""
import html
import json
import re
import sys

TOLERANCE_MS = 50


def fail(msg):
    print(f"check_output: {msg}", file=sys.stderr)
    sys.exit(1)


def stamp_ms(h, m, s, ms):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_cues(text, fmt):
    sep = "," if fmt == "srt" else r"\."
    stamp = rf"(\d{{2}}):([0-5]\d):([0-5]\d){sep}(\d{{3}})"
    timing = re.compile(rf"^{stamp} --> {stamp}$")
    if fmt == "vtt":
        if not text.startswith("WEBVTT\n\n"):
            fail("WebVTT: the file must start with 'WEBVTT' and a blank line")
        text = text[len("WEBVTT\n\n"):]
    if not text.endswith("\n"):
        fail("the file does not end with a line end")
    blocks = text.rstrip("\n").split("\n\n")
    cues = []
    for i, block in enumerate(blocks, 1):
        lines = block.split("\n")
        if fmt == "srt":
            if lines[0] != str(i):
                fail(f"cue {i}: number line is {lines[0]!r}")
            lines = lines[1:]
        if not lines:
            fail(f"cue {i}: empty")
        m = timing.match(lines[0])
        if not m:
            fail(f"cue {i}: bad timing line {lines[0]!r}")
        start, end = stamp_ms(*m.groups()[:4]), stamp_ms(*m.groups()[4:])
        body = lines[1:]
        if not body or any(not line.strip() for line in body):
            fail(f"cue {i}: no text, or a blank text line")
        if fmt == "vtt" and any("-->" in line or re.search(r"[<>]|&(?!amp;|lt;|gt;)", line) for line in body):
            fail(f"cue {i}: unescaped markup in {body!r}")
        cue_text = "\n".join(body)
        cues.append((start, end, html.unescape(cue_text) if fmt == "vtt" else cue_text))
    return cues


def check_times(items, audio_ms, what):
    prev_end = 0
    for i, (start, end) in enumerate(items, 1):
        if not start < end:
            fail(f"{what} {i}: starts at {start} ms, ends at {end} ms")
        if start < prev_end:
            fail(f"{what} {i}: starts at {start} ms, before the previous one ended ({prev_end} ms)")
        prev_end = end
    if not items:
        fail(f"no {what}s")
    if abs(items[-1][1] - audio_ms) > TOLERANCE_MS:
        fail(f"the last {what} ends at {items[-1][1]} ms, the audio at {audio_ms:.0f} ms")


def words_of(text):
    return text.split()


def check_subtitles(fmt, path, input_path, audio_ms, per_word):
    with open(path, encoding="utf-8") as f:
        cues = parse_cues(f.read(), fmt)
    check_times([(s, e) for s, e, _ in cues], audio_ms, "cue")
    with open(input_path, encoding="utf-8") as f:
        source = " ".join(words_of(f.read()))
    said = " ".join(" ".join(words_of(t)) for _, _, t in cues)
    if per_word:
        # every cue is one written word, in order, found in the text from where the last one ended
        at = 0
        for _, _, t in cues:
            at = source.find(t, at)
            if at < 0:
                fail(f"word cue {t!r} is not in the input after the previous one")
            at += len(t)
    elif said != source:
        fail(f"the cues' text is not the input's:\n  cues:  {said}\n  input: {source}")


def markup_text(raw):
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", raw)).split())


def check_word_text(n, ev, written, sentence, markup, at):
    """Checks a word event's text; returns where the next word may start in the sentence."""
    if not markup:
        if written != ev["text"]:
            fail(f"line {n}: bytes {ev['byte_start']}-{ev['byte_end']} are {written!r}, text {ev['text']!r}")
        return at
    if markup_text(written) != ev["text"]:
        fail(f"line {n}: bytes {ev['byte_start']}-{ev['byte_end']} read {markup_text(written)!r}, text {ev['text']!r}")
    found = sentence["text"].find(ev["text"], at)
    if found < 0:
        fail(f"line {n}: word {ev['text']!r} is not in its sentence {sentence['text']!r} after the previous one")
    return found + len(ev["text"])


def check_events(path, input_path, audio_ms, markup=False):
    with open(input_path, "rb") as f:
        data = f.read()
    sentences, sentence = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                ev = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"line {n}: not JSON ({e}): {line!r}")
            for key, kind in (("type", str), ("byte_start", int), ("byte_end", int),
                              ("start_ms", int), ("end_ms", int), ("text", str)):
                if not isinstance(ev.get(key), kind):
                    fail(f"line {n}: '{key}' missing or not a {kind.__name__}")
            written = data[ev["byte_start"]:ev["byte_end"]].decode("utf-8", "replace")
            if ev["type"] == "sentence":
                if not markup and written != ev["text"]:
                    fail(f"line {n}: bytes {ev['byte_start']}-{ev['byte_end']} are {written!r}, text {ev['text']!r}")
                sentence, at = ev, 0
                sentences.append((ev["start_ms"], ev["end_ms"]))
            elif ev["type"] == "word":
                if sentence is None:
                    fail(f"line {n}: a word before any sentence")
                at = check_word_text(n, ev, written, sentence, markup, at)
                if not (sentence["byte_start"] <= ev["byte_start"] <= ev["byte_end"] <= sentence["byte_end"]):
                    fail(f"line {n}: word bytes outside its sentence")
                if not (sentence["start_ms"] <= ev["start_ms"] <= ev["end_ms"] <= sentence["end_ms"]):
                    fail(f"line {n}: word time outside its sentence")
            else:
                fail(f"line {n}: unknown type {ev['type']!r}")
    check_times(sentences, audio_ms, "sentence")


def longest_gap(path, rate):
    import array
    samples = array.array("h")
    with open(path, "rb") as f:
        samples.frombytes(f.read())
    window = rate // 50  # 20 ms
    loud = []
    for i in range(0, len(samples) - window + 1, window):
        chunk = samples[i:i + window]
        loud.append(max(abs(min(chunk)), abs(max(chunk))) > 300)
    if True not in loud:
        return 0.0
    first, last = loud.index(True), len(loud) - 1 - loud[::-1].index(True)
    best = run = 0
    for x in loud[first:last + 1]:
        run = 0 if x else run + 1
        best = max(best, run)
    return best * window / rate


def main(argv):
    if len(argv) == 4 and argv[1] == "gap":
        print(f"{longest_gap(argv[2], int(argv[3])):.2f}")
        return
    if len(argv) < 5:
        fail(__doc__)
    kind, path, input_path, audio_ms = argv[1], argv[2], argv[3], float(argv[4]) * 1000
    if kind in ("srt", "vtt"):
        check_subtitles(kind, path, input_path, audio_ms, "--words" in argv[5:])
    elif kind == "json":
        check_events(path, input_path, audio_ms, "--markup" in argv[5:])
    else:
        fail(f"unknown kind {kind}")


if __name__ == "__main__":
    main(sys.argv)
