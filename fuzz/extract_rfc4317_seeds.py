#!/usr/bin/env python3
"""Writes the SDP blocks of RFC 4317's examples as fuzz seeds, read from the RFC text itself.

usage: extract_rfc4317_seeds.py RFC4317_TXT OUT_DIR
OUT_DIR/single/<n>.sdp holds one description each; OUT_DIR/pairs/<n>.sdp holds an offer and its
answer separated by a line "--" (the sdp_negotiate_fuzzer's input format).
"""
import pathlib
import re
import sys


def blocks(text):
    """[(label, sdp)] in order of appearance, page breaks dropped."""
    out, label, lines = [], None, []
    for line in text.replace("\f", "").splitlines():
        block = re.match(r"^\s*\[(Offer|Answer|Second-Offer|Second-Answer)\]\s*$", line)
        if block:
            if label and lines:
                out.append((label, "\r\n".join(lines) + "\r\n"))
            label, lines = block.group(1), []
            continue
        sdp = re.match(r"^\s+([a-z]=.*)$", line)
        if label and sdp:
            lines.append(sdp.group(1))
        elif label and re.match(r"^\d+\.\d*\.?\s", line):
            out.append((label, "\r\n".join(lines) + "\r\n"))
            label, lines = None, []
    if label and lines:
        out.append((label, "\r\n".join(lines) + "\r\n"))
    return out


def main(rfc, out_dir):
    found = blocks(pathlib.Path(rfc).read_text(errors="replace"))
    single, pairs = pathlib.Path(out_dir, "single"), pathlib.Path(out_dir, "pairs")
    single.mkdir(parents=True, exist_ok=True)
    pairs.mkdir(parents=True, exist_ok=True)
    for n, (_, sdp) in enumerate(found):
        (single / f"{n:02}.sdp").write_bytes(sdp.encode())
    for n in range(len(found) - 1):
        if found[n][0].endswith("Offer") and found[n + 1][0].endswith("Answer"):
            (pairs / f"{n:02}.sdp").write_bytes((found[n][1] + "--\n" + found[n + 1][1]).encode())
    if not found:
        sys.exit("no examples found in " + rfc)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
