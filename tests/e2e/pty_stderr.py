#!/usr/bin/env python3
"""pty_stderr.py CAPTURE CMD...: runs CMD with its standard error on a pseudo-terminal (standard
input and output as given), copies what it writes there to CAPTURE, exits with CMD's status."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[2:], stderr=slave)
os.close(slave)
captured = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # EIO: the last holder of the terminal has closed it
        break
    if not chunk:
        break
    captured += chunk
with open(sys.argv[1], "wb") as f:
    f.write(captured)
sys.exit(proc.wait())
