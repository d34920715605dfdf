#!/usr/bin/env python3
"""Which code points make libespeak-ng misbehave when a voice speaks them alone (issue 20).

Each assigned code point of the range is one utterance; blocks of them are spoken under valgrind
(or, faster, with an AddressSanitizer build of the same eSpeak NG release put first on
LD_LIBRARY_PATH: --asan), and a block that misbehaves is halved until single code points remain.
What it prints is what src/guard/rules.c's tables answer. Hours under valgrind for the whole BMP;
give --first/--last to look at part of it.

usage: scan.py HARNESS [--voice fa] [--first 0x80] [--last 0xFFFF] [--asan]
"""
import argparse, os, subprocess, tempfile, unicodedata

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('harness')
    ap.add_argument('--voice', default='fa')
    ap.add_argument('--first', type=lambda s: int(s, 0), default=0x80)
    ap.add_argument('--last', type=lambda s: int(s, 0), default=0xFFFF)
    ap.add_argument('--asan', action='store_true', help='the library is an ASan build: no valgrind')
    a = ap.parse_args()
    fd, path = tempfile.mkstemp(suffix='.txt')
    os.close(fd)
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0')

    def bad(chars):
        with open(path, 'w') as f:
            f.write(''.join(c + '\n' for c in chars))
        cmd = [a.harness, path, a.voice]
        if not a.asan:
            cmd = ['valgrind', '-q', '--error-exitcode=99'] + cmd
        return subprocess.run(cmd, capture_output=True, env=env).returncode != 0

    def find(chars):
        if not bad(chars):
            return []
        if len(chars) == 1:
            return chars
        m = len(chars) // 2
        return find(chars[:m]) + find(chars[m:])

    try:
        for block in range(a.first & ~0x1FF, a.last + 1, 0x200):
            chars = [chr(c) for c in range(max(block, a.first), min(block + 0x200, a.last + 1))
                     if not 0xD800 <= c < 0xE000
                     and unicodedata.category(chr(c)) not in ('Cn', 'Cs', 'Co', 'Cc')]
            for c in find(chars) if chars else []:
                print('U+%04X %s' % (ord(c), unicodedata.name(c, '?')), flush=True)
    finally:
        os.unlink(path)

if __name__ == '__main__':
    main()
