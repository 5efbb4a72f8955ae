#!/bin/sh
# Records what CPython 3.11 prints for each scenario: traces/<name>.txt, compared line for line
# with the @Async Java programs of java/ by AsyncioTracesTest (processor module).
# Run from anywhere: tools/asyncio-traces/record.sh [python]   (default: python3.11)
set -eu
cd "$(dirname "$0")"
PY="${1:-python3.11}"
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' 
mkdir -p traces
"$PY" --version > traces/VERSION
for script in scenarios/*.py; do
  name=$(basename "$script" .py)
  "$PY" "$script" > "traces/$name.txt"
  echo "recorded traces/$name.txt ($(wc -l < "traces/$name.txt") lines)"
done
