"""The station package (.sdpkg) a village station sends up to its town and county on a USB stick: one
zip of a manifest, JSON members and an Ed25519 signature over the manifest. The manifest holds a
SHA-256 of every member, so the signature covers them all; the public key travels in it and is trusted
by the rollup on first import (a later package signed by another key is refused there)."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.files import written_atomically

MANIFEST, SIGNATURE = "manifest.json", "signature.ed25519"
FORMAT = 1


class PackageRejected(UserError):
    """A package that is not whole or not genuine: nothing of it may be used."""


@dataclass(frozen=True)
class Package:
    manifest: dict
    members: dict[str, object]  # member name → its JSON value
    sha256: str  # of the whole file: the same package imported twice is recognised by it


def new_key() -> tuple[bytes, bytes]:
    """(private, public) raw Ed25519 keys, 32 bytes each."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    return (key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def write_package(out: str | Path, manifest: dict, members: dict[str, object], private_key: bytes) -> Path:
    """Write the zip: every member as JSON, its digest and size in the manifest, the manifest signed."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    encoded = {f"{name}.json": _canonical(value) for name, value in members.items()}
    manifest = {**manifest, "format": FORMAT,
                "members": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                            for name, data in encoded.items()}}
    body = _canonical(manifest)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(body)
    with written_atomically(out, "上报数据包") as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(MANIFEST, body)
        z.writestr(SIGNATURE, signature.hex())
        for name, data in encoded.items():
            z.writestr(name, data)
    return Path(out)


def read_package(path: str | Path) -> Package:
    """The verified content, or PackageRejected saying why (damaged, truncated, altered, not signed by
    the key it names)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    name = Path(path).name
    try:
        data = Path(path).read_bytes()  # once: hashed whole and read as a zip
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = z.read(MANIFEST)
            signature = bytes.fromhex(z.read(SIGNATURE).decode())
            manifest = json.loads(body)
            public = bytes.fromhex(manifest["station"]["public_key"])
            Ed25519PublicKey.from_public_bytes(public).verify(signature, body)
            members = {}
            for member, expected in manifest["members"].items():
                content = z.read(member)
                if hashlib.sha256(content).hexdigest() != expected["sha256"]:
                    raise PackageRejected(f"数据包 {name} 中的 {member} 与清单不符（被改动或损坏），不能导入。")
                members[member.removesuffix(".json")] = json.loads(content)
    except PackageRejected:
        raise
    except InvalidSignature:
        raise PackageRejected(f"数据包 {name} 的签名不对：清单被改动过，或不是这个站点签发的，不能导入。") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise PackageRejected(f"数据包 {name} 不完整或已损坏（{exc}），不能导入。请让站点重新导出。") from None
    return Package(manifest, members, hashlib.sha256(data).hexdigest())
