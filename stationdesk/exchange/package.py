"""The station package (.sdpkg) a village station sends up to its town and county on a USB stick: one
zip of a manifest, JSON members and an Ed25519 signature over the manifest. The manifest holds a
SHA-256 of every member, so the signature covers them all; the public key travels in it and is trusted
by the rollup on first import (a later package signed by another key is refused there)."""

import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.files import written_atomically

MANIFEST, SIGNATURE = "manifest.json", "signature.ed25519"
# 2: the manifest carries the station's hours rules (the checks bound each participation's hours by
# them); a format-1 package is read as if its daily cap were 24 hours.
FORMAT = 2
MEMBERS = ("volunteers", "teams", "team_members", "activities", "participations", "certificates", "requests",
           "pairings", "stats", "yearly_stats")
# Bounds that a real station's package stays far inside (a county-sized station of 100,000 people and
# 2M participations a year packs to ~40 MB, inflating ~8× — measured) and that refuse a bomb at once.
MAX_PACKAGE = 1 << 30
MAX_MANIFEST = 1 << 20
MAX_MEMBER = 1 << 30
MAX_MEMBERS_TOTAL = 2 << 30
MAX_RATIO = 100  # inflated : deflated; JSON rows reach ~10, a bomb thousands


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


def read_package(path: str | Path, *, station_schema: int) -> Package:
    """The verified content, or PackageRejected saying why (damaged, truncated, altered, not signed by
    the key it names, too big, or from a newer program). Reading is bounded: the file's size, the
    manifest's and every member's declared and inflated size are limited before anything is inflated, and
    the signature over the manifest is checked before any member is read, so a zip bomb is refused at
    once. `station_schema`: the newest station database this program knows (a newer one is refused)."""
    name = Path(path).name
    try:
        data = _bounded_file(path, name)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = _inflate(z, MANIFEST, MAX_MANIFEST, name)
            signature = bytes.fromhex(_inflate(z, SIGNATURE, 200, name).decode("ascii"))
            manifest = json.loads(body)
            _check_signature(manifest, body, signature, name)
            _check_versions(manifest, name, station_schema)
            members = {}
            for member, expected in _declared(manifest, name):
                content = _inflate(z, member, expected["bytes"], name, exact=True)
                if hashlib.sha256(content).hexdigest() != expected["sha256"]:
                    raise PackageRejected(f"数据包 {name} 中的 {member} 与清单不符（被改动或损坏），不能导入。")
                members[member.removesuffix(".json")] = json.loads(content)
    except PackageRejected:
        raise
    except _BROKEN as exc:
        raise PackageRejected(f"数据包 {name} 不完整或已损坏（{type(exc).__name__}），不能导入。请让站点重新导出。") from None
    return Package(manifest, members, hashlib.sha256(data).hexdigest())


# What a damaged zip or manifest raises from zipfile, zlib, json and the key parsing: a bit flipped in a
# real package has produced each of these.
_BROKEN = (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, AttributeError,
           IndexError, RuntimeError, NotImplementedError, struct.error, OverflowError, RecursionError)


def _bounded_file(path: str | Path, name: str) -> bytes:
    size = Path(path).stat().st_size
    if size > MAX_PACKAGE:
        raise PackageRejected(f"数据包 {name} 有 {size // 2**20} MB，超过了上限 {MAX_PACKAGE // 2**20} MB，不像站点导出的数据包，没有导入。")
    return Path(path).read_bytes()  # once: hashed whole and read as a zip


def _inflate(z: zipfile.ZipFile, member: str, limit: int, name: str, *, exact: bool = False) -> bytes:
    """A member's bytes, never inflating more than `limit` (its declared size when `exact`): the header's
    sizes are checked first, and the stream is cut off where it would pass them."""
    info = z.getinfo(member)
    altered = PackageRejected(f"数据包 {name} 中的 {member} 与清单不符（被改动或损坏），不能导入。")
    if exact and info.file_size != limit:
        raise altered
    if info.file_size > limit or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 2**16:
        raise PackageRejected(f"数据包 {name} 中的 {member} 大小异常（声明解压后 {info.file_size} 字节），"
                              "可能是恶意构造的压缩包，不能导入。")
    with z.open(info) as stream:
        content = stream.read(limit + 1)
    if len(content) > limit or (exact and len(content) != limit):
        raise altered
    return content


def _check_signature(manifest: dict, body: bytes, signature: bytes, name: str) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = bytes.fromhex(manifest["station"]["public_key"])
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, body)
    except InvalidSignature:
        raise PackageRejected(f"数据包 {name} 的签名不对：清单被改动过，或不是这个站点签发的，不能导入。") from None


def _check_versions(manifest: dict, name: str, station_schema: int) -> None:
    """An older format is read (and upgraded by the checks); a newer one was made by a newer program."""
    fmt, schema = manifest.get("format"), manifest.get("schema_version")
    if type(fmt) is not int or type(schema) is not int or fmt < 1 or schema < 1:
        raise PackageRejected(f"数据包 {name} 的清单缺少格式版本，不是站务台账导出的数据包，没有导入。")
    if fmt > FORMAT or schema > station_schema:
        raise PackageRejected(f"数据包 {name} 由更新版本的站务台账导出（格式 {fmt}，数据库版本 {schema}），"
                              "请先升级汇总程序再导入。")


def _declared(manifest: dict, name: str) -> list[tuple[str, dict]]:
    members = manifest["members"]
    if not isinstance(members, dict) or not set(members) <= {f"{m}.json" for m in MEMBERS}:
        raise PackageRejected(f"数据包 {name} 的清单列出了不认识的内容，没有导入。")
    total = 0
    for member, expected in members.items():
        size = expected["bytes"]
        if type(size) is not int or not 0 <= size <= MAX_MEMBER or not isinstance(expected["sha256"], str):
            raise PackageRejected(f"数据包 {name} 的清单中 {member} 的大小不合理，没有导入。")
        total += size
    if total > MAX_MEMBERS_TOTAL:
        raise PackageRejected(f"数据包 {name} 的内容解压后超过 {MAX_MEMBERS_TOTAL // 2**20} MB，没有导入。")
    return sorted(members.items())
