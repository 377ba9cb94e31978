#!/usr/bin/env python3
"""Fails when a source file includes a layer or library its layer may not use.

The table is STYLE.md's: a layer includes only itself, base/ and the layers below it; inside
sip/, includes point downward (ua -> dialog -> transaction -> message -> locate); a few libraries live in
one folder only (Asio in transport/asio, transport/dns and app; c-ares in transport/dns; OpenSSL in
transport/asio, rtp/srtp and sip/ua, libsrtp2 in rtp/srtp, PortAudio in media/audio), and
media/audio is included by itself and app/ only. tests/, bench/ and fuzz/ may include anything.

usage: check_layers.py ROOT     prints one `file:line: reason` per violation, exit 1 if any
"""
import pathlib
import re
import sys

# layer -> the layers its files may include
ALLOWED = {
    "base": {"base"},
    "transport": {"transport", "base"},
    "sip": {"sip", "transport", "base"},
    "sdp": {"sdp", "base"},
    "rtp": {"rtp", "base"},
    "media": {"media", "rtp", "base"},
    "app": {"app", "media", "rtp", "sip", "transport", "sdp", "base"},
}

# layer -> its sub-layers, lowest first; a file may include its own sub-layer or lower ones
SUBLAYERS = {
    "sip": ["locate", "message", "transaction", "dialog", "ua"],
}

# include prefix -> folders (relative to ROOT) whose files may include it
LIBRARY_HOMES = {
    "boost/asio": ("transport/asio/", "transport/dns/", "app/"),
    "asio.hpp": ("transport/asio/", "app/"),
    "ares": ("transport/dns/",),
    "openssl/": ("transport/asio/", "rtp/srtp/", "sip/ua/"),
    "srtp2/": ("rtp/srtp/",),
    "portaudio.h": ("media/audio/",),
}

# quoted include prefix -> folders whose files may include it: the sockets stay at the edge,
# and the audio devices (media/audio, the top of media/) are used by app/ alone: media/pipeline
# and the codecs below never see a device or a file
QUOTED_HOMES = {
    "transport/asio/": ("transport/asio/", "app/"),
    "transport/dns/": ("transport/dns/", "app/"),
    "media/audio/": ("media/audio/", "app/"),
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".cc"}


def violations_in(root: pathlib.Path, path: pathlib.Path):
    relative = path.relative_to(root).as_posix()
    parts = relative.split("/")
    layer = parts[0]
    sublayer = parts[1] if len(parts) > 2 else None
    with path.open(encoding="utf-8", errors="replace") as source:
        for number, line in enumerate(source, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            kind, target = match.groups()
            where = f"{relative}:{number}"
            if kind == "<":
                for prefix, homes in LIBRARY_HOMES.items():
                    if target.startswith(prefix) and not relative.startswith(homes):
                        yield f"{where}: <{target}> may only be used under {', '.join(homes)}"
                continue
            homes = next((h for prefix, h in QUOTED_HOMES.items() if target.startswith(prefix)), None)
            if homes and not relative.startswith(homes):
                yield f'{where}: "{target}" may only be used under {", ".join(homes)}'
                continue
            target_parts = target.split("/")
            target_layer = target_parts[0]
            if target_layer not in ALLOWED:
                continue  # a file of this folder or a third-party header in quotes
            if target_layer not in ALLOWED[layer]:
                allowed = ", ".join(sorted(ALLOWED[layer]))
                yield f'{where}: {layer}/ may not include "{target}" ({layer}/ may include: {allowed})'
                continue
            order = SUBLAYERS.get(layer)
            if target_layer == layer and order and sublayer in order and len(target_parts) > 2:
                target_sublayer = target_parts[1]
                if target_sublayer in order and order.index(target_sublayer) > order.index(sublayer):
                    yield (f'{where}: {layer}/{sublayer}/ may not include "{target}" '
                           f"(includes point downward: {' -> '.join(reversed(order))})")


def check(root: pathlib.Path):
    found = []
    for layer in ALLOWED:
        folder = root / layer
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                found.extend(violations_in(root, path))
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    found = check(pathlib.Path(argv[1]).resolve())
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"check_layers: {len(found)} forbidden include(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
