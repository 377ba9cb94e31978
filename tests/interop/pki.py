"""Certificates a TLS test makes for itself with the openssl command: a CA sipline trusts, and
server certificates for Kamailio — a good one (127.0.0.1 and pbx.test), one for pbx.test
only, one for another host,
an expired one, and one from a CA sipline does not know."""
import pathlib
import subprocess

CA_CONFIG = """[ca]
default_ca = test_ca
[test_ca]
database = {directory}/index.txt
new_certs_dir = {directory}
serial = {directory}/serial
default_md = sha256
policy = anything
unique_subject = no
[anything]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = {names}
"""


def openssl(directory, *args):
    subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True,
                   timeout=30)


def make_ca(directory, name):
    openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{name}.key", "-out",
            f"{name}.pem", "-days", "30", "-subj", f"/CN=sipline test {name}")
    return directory / f"{name}.pem"


def issue(directory, ca, name, names, dates=("-days", "30")):
    """A server certificate `name`.pem with key `name`.key, signed by `ca`, for `names`
    (subjectAltName syntax). Returns (certificate, key)."""
    config = directory / f"{name}.cnf"
    (directory / "index.txt").touch()
    serial = directory / "serial"
    if not serial.exists():
        serial.write_text("01\n")
    config.write_text(CA_CONFIG.format(directory=directory, names=names))
    openssl(directory, "req", "-new", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{name}.key", "-out",
            f"{name}.csr", "-subj", f"/CN={name}")
    openssl(directory, "ca", "-batch", "-config", str(config), "-cert", f"{ca}.pem", "-keyfile",
            f"{ca}.key", "-in", f"{name}.csr", "-out", f"{name}.pem", "-extensions", "leaf",
            "-notext", *dates)
    return directory / f"{name}.pem", directory / f"{name}.key"


def make_pki(directory):
    """Returns {"ca": CA file, "good" | "domain_only" | "wrong_host" | "expired" | "unknown_ca":
    (certificate, key)}."""
    directory = pathlib.Path(directory)
    ca = make_ca(directory, "ca")
    make_ca(directory, "stranger")
    return {
        "ca": ca,
        "good": issue(directory, "ca", "good", "IP:127.0.0.1,DNS:pbx.test"),
        "domain_only": issue(directory, "ca", "domain", "DNS:pbx.test"),
        "wrong_host": issue(directory, "ca", "wrong", "DNS:elsewhere.test"),
        "expired": issue(directory, "ca", "expired", "IP:127.0.0.1,DNS:pbx.test",
                         ("-startdate", "20200101000000Z", "-enddate", "20200201000000Z")),
        "unknown_ca": issue(directory, "stranger", "unknown", "IP:127.0.0.1,DNS:pbx.test"),
    }
