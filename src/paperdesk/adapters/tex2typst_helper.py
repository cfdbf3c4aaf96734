"""tex2typst in a process of its own: one JSON line in, one out.

tex2typst runs a JavaScript engine that holds the GIL for as long as a conversion takes, and some
formulas take exponentially long (``\\frac`` nested 20 deep in numerators: tens of seconds). Run in
the desk's worker thread, that froze the whole editor. Here the parent waits without the GIL and
kills this process when a formula takes too long (:mod:`tex_math`).
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    import tex2typst

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"ok": tex2typst.tex2typst(request["tex"],
                                                custom_tex_macros=request["macros"])}
        except (ValueError, RuntimeError) as exc:
            answer = {"error": str(exc)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
