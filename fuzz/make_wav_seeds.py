#!/usr/bin/env python3
"""Writes the wav_reader_fuzzer's seeds to fuzz/seeds/wav/: small valid WAV files (RIFF/WAVE,
16-bit PCM; 8 and 16 kHz, mono and stereo), one with a LIST chunk before the data and one in
WAVE_FORMAT_EXTENSIBLE, each 20 ms of a tone. Written by hand (not the wave module) so that the
chunk layout is exactly what each seed is for.
"""
import math
import pathlib
import struct

OUT = pathlib.Path(__file__).resolve().parent / "seeds" / "wav"
PCM = 1
EXTENSIBLE = 0xFFFE
# KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71
PCM_GUID = struct.pack("<IHH", 1, 0, 0x10) + bytes([0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])


def chunk(tag, payload):
    pad = b"\0" if len(payload) % 2 else b""
    return tag + struct.pack("<I", len(payload)) + payload + pad


def tone(rate, channels, ms=20, hz=440):
    frames = rate * ms // 1000
    out = bytearray()
    for n in range(frames):
        sample = int(8000 * math.sin(2 * math.pi * hz * n / rate))
        for c in range(channels):
            out += struct.pack("<h", sample if c == 0 else -sample)
    return bytes(out)


def fmt_chunk(rate, channels, extensible=False):
    block = channels * 2
    fields = struct.pack("<HHIIHH", EXTENSIBLE if extensible else PCM, channels, rate,
                         rate * block, block, 16)
    if extensible:
        mask = 0x4 if channels == 1 else 0x3  # front centre, or front left + right
        fields += struct.pack("<HHI", 22, 16, mask) + PCM_GUID
    return chunk(b"fmt ", fields)


def wav(rate, channels, extra=b"", extensible=False):
    body = b"WAVE" + fmt_chunk(rate, channels, extensible) + extra + chunk(b"data",
                                                                            tone(rate, channels))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    info = chunk(b"LIST", b"INFO" + chunk(b"INAM", b"sipline seed\0") + chunk(b"ISFT", b"gen\0"))
    seeds = {
        "mono_8k.wav": wav(8000, 1),
        "mono_16k.wav": wav(16000, 1),
        "stereo_8k.wav": wav(8000, 2),
        "stereo_16k_list.wav": wav(16000, 2, extra=info),
        "mono_16k_extensible.wav": wav(16000, 1, extensible=True),
        "stereo_8k_extensible_list.wav": wav(8000, 2, extra=info, extensible=True),
    }
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
