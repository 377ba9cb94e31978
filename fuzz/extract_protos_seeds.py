#!/usr/bin/env python3
"""Writes PROTOS c07-sip's cases as datagrams, for fuzz seeds.

usage: extract_protos_seeds.py PROTOS_C07_DIR OUT_DIR
Each case file holds "<len> <INVITE template><len> <teardown template>" (see the corpus README);
every template becomes OUT_DIR/<case>-<n> with its placeholders filled in the way
tests/sip/message/protos_test.cpp fills them, Content-Length last. Templates over 64 KiB (the
fuzzers' -max_len) are skipped.
"""
import pathlib
import sys

PLACEHOLDERS = [
    (b"<To>", b"bob@127.0.0.1"), (b"<From>", b"alice@127.0.0.1"),
    (b"<From-Address>", b"127.0.0.1"), (b"<From-IP>", b"127.0.0.1"), (b"<Local-Port>", b"5060"),
    (b"<Branch-ID>", b"000001"), (b"<Call-ID>", b"protos0001"), (b"<CSeq>", b"1"),
    (b"<Teardown-Method>", b"CANCEL"),
]
MAX_LEN = 65536


def templates(data):
    out, pos = [], 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0 or not data[pos:space].isdigit():
            break
        length = int(data[pos:space])
        out.append(data[space + 1:space + 1 + length])
        pos = space + 1 + length
    return out


def substitute(text):
    for name, value in PLACEHOLDERS:
        text = text.replace(name, value)
    body = text.find(b"\r\n\r\n")
    length = 0 if body < 0 else len(text) - body - 4
    return text.replace(b"<Content-Length>", str(length).encode())


def main(source, out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for case in sorted(pathlib.Path(source).iterdir()):
        if not case.name.isdigit():
            continue
        for n, template in enumerate(templates(case.read_bytes())):
            datagram = substitute(template)
            if len(datagram) <= MAX_LEN:
                (out / f"{case.name}-{n}").write_bytes(datagram)


if __name__ == "__main__":
    main(*sys.argv[1:])
