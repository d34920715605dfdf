#!/bin/sh
# make bench: the figures of every stage. The core figures come from bench.py.
exec python3 "$(dirname "$0")/bench.py"
