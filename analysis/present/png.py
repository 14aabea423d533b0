"""Charts as PNG, drawn by vl-convert in a child process that may fail without taking the server.

vl-convert is native code: text it cannot lay out (a control character, a non-character)
makes it abort the whole process it runs in (``NonXmlChar``, SIGABRT), and a dashboard
server holds every reader's session. So every text of a spec first passes the text policy
(:func:`surveys.plaintext.plain_tree`), and the drawing itself happens in a child process,
``python -m analysis.present.png``, which reads the specs as JSON on its standard input and
writes each PNG with its length before it. Whatever happens to the child, the caller gets
the PNGs or a :class:`ChartFailed` that says so, and the export is not written.
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from typing import Any, Mapping, Sequence

from surveys.errors import TrialogueError

#: Seconds a child may take for one chart before it is stopped.
SECONDS_PER_CHART = 120


class ChartFailed(TrialogueError):
    """A chart could not be drawn; nothing was written."""


def render_specs(specs: Sequence[Mapping[str, Any]], *, font_dir: str | None = None, scale: float = 2.0) -> list[bytes]:
    """PNG bytes of each Vega-Lite spec, drawn in one child process."""
    from surveys.plaintext import plain_tree

    if not specs:
        return []
    job = json.dumps({"specs": plain_tree(list(specs)), "font_dir": font_dir, "scale": scale},
                     ensure_ascii=True, allow_nan=False, default=str)
    try:
        done = subprocess.run([sys.executable, "-m", "analysis.present.png"], input=job.encode("ascii"),
                              capture_output=True, timeout=SECONDS_PER_CHART * len(specs), cwd=_root(),
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (
                                  _root(), os.environ.get("PYTHONPATH"))))})
    except subprocess.TimeoutExpired:
        raise ChartFailed(f"the report's charts took more than {SECONDS_PER_CHART} seconds each to draw and were "
                          "stopped; nothing was written") from None
    if done.returncode != 0:
        why = (f"the chart renderer stopped with signal {-done.returncode}" if done.returncode < 0 else
               (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["it failed"])[-1][:300])
        raise ChartFailed(f"a chart of the report could not be drawn ({why}); nothing was written")
    return _unpacked(done.stdout, len(specs))


def _root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _unpacked(data: bytes, count: int) -> list[bytes]:
    pngs, at = [], 0
    for _ in range(count):
        (size,) = struct.unpack_from(">Q", data, at)
        pngs.append(data[at + 8: at + 8 + size])
        at += 8 + size
    if at != len(data) or not all(png.startswith(b"\x89PNG") for png in pngs):
        raise ChartFailed("the chart renderer answered with something that is not a picture; nothing was written")
    return pngs


def main() -> int:
    """The child: specs from standard input, length-prefixed PNGs to standard output."""
    import vl_convert

    job = json.loads(sys.stdin.buffer.read().decode("ascii"))
    if job.get("font_dir"):
        vl_convert.register_font_directory(job["font_dir"])
    out = sys.stdout.buffer
    for spec in job["specs"]:
        png = vl_convert.vegalite_to_png(spec, scale=job.get("scale", 2.0))
        out.write(struct.pack(">Q", len(png)))
        out.write(png)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
