#!/usr/bin/env python3
"""Writes the wav_reader_fuzzer's seeds to fuzz/seeds/wav/: small valid WAV files (RIFF/WAVE,
16-bit PCM; 8 and 16 kHz, mono and stereo), one with a LIST chunk before the data and one in
WAVE_FORMAT_EXTENSIBLE, each 20 ms of a tone; an AIFF and (with sox) a FLAC file, since read_wav
reads what libsndfile reads. Written by hand (not the wave module) so that the chunk layout is
exactly what each seed is for.
"""
import math
import pathlib
import shutil
import struct
import subprocess
import tempfile

OUT = pathlib.Path(__file__).resolve().parent / "seeds" / "wav"
PCM = 1
EXTENSIBLE = 0xFFFE
# KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71
PCM_GUID = struct.pack("<IHH", 1, 0, 0x10) + bytes([0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])


def chunk(tag, payload, order="<"):
    """A RIFF chunk (little-endian size), or an IFF one for AIFF with order ">"."""
    pad = b"\0" if len(payload) % 2 else b""
    return tag + struct.pack(order + "I", len(payload)) + payload + pad


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


def extended80(value):
    """An integer as the IEEE 754 80-bit extended float AIFF keeps its sample rate in."""
    exponent = value.bit_length() - 1
    return struct.pack(">HQ", 16383 + exponent, value << (63 - exponent))


def aiff(rate, channels):
    """AIFF (big-endian PCM): read_wav takes whatever libsndfile reads, not only WAV."""
    samples = tone(rate, channels)
    big_endian = b"".join(samples[i + 1:i + 2] + samples[i:i + 1] for i in range(0, len(samples), 2))
    comm = struct.pack(">hIh", channels, len(samples) // (2 * channels), 16) + extended80(rate)
    body = (b"AIFF" + chunk(b"COMM", comm, ">") +
            chunk(b"SSND", struct.pack(">II", 0, 0) + big_endian, ">"))
    return b"FORM" + struct.pack(">I", len(body)) + body


def flac(rate, channels):
    """FLAC through sox when it is installed (its header states a length: read_wav must not trust
    it); None otherwise."""
    if shutil.which("sox") is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        source, target = pathlib.Path(scratch, "in.wav"), pathlib.Path(scratch, "out.flac")
        source.write_bytes(wav(rate, channels))
        subprocess.run(["sox", str(source), str(target)], check=True)
        return target.read_bytes()


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
        "mono_8k.aiff": aiff(8000, 1),
        "mono_16k.flac": flac(16000, 1),
    }
    for name, data in seeds.items():
        if data is not None:
            (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
