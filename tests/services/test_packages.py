"""The signed station package: whole and genuine or refused, masked by default, one identity per station."""

import json
import zipfile

import pytest

from stationdesk.exchange.package import PackageRejected
from stationdesk.services import packages, stats
from stationdesk.services.packages import read_checked as read_package


def test_a_package_verifies_and_holds_the_years_records_masked(demo_store, tmp_path):
    out = tmp_path / "station.sdpkg"
    manifest = packages.export_package(demo_store, out, year=2026)
    package = read_package(out)
    assert package.manifest == json.loads(json.dumps(manifest | {"format": 2, "members": package.manifest["members"]}))
    me = packages.identity(demo_store)
    assert package.manifest["station"]["id"] == me.station_id and packages.identity(demo_store) == me  # stable
    assert package.manifest["rows"]["volunteers"] == demo_store.scalar("SELECT count(*) FROM volunteer")
    numbers = [v["id_number"] for v in package.members["volunteers"] if v["id_number"]]
    assert numbers and all("********" in n for n in numbers) and package.manifest["personal_data"]["id_numbers"] == "masked"
    assert all("****" in v["phone"] for v in package.members["volunteers"] if v["phone"])
    year = stats.compute(demo_store, stats.period_of(2026)).as_json()
    assert package.members["stats"]["hours"] == year["hours"] and package.members["stats"]["activities"] == year["activities"]
    held = sum(p["hours"] for p in package.members["participations"] if p["attended"])
    assert held >= year["hours"] > 0
    full = packages.export_package(demo_store, tmp_path / "full.sdpkg", ids="full")
    assert full["personal_data"]["id_numbers"] == "full"
    assert any(len(v["id_number"]) == 18 and "*" not in v["id_number"]
               for v in read_package(tmp_path / "full.sdpkg").members["volunteers"])
    assert demo_store.scalar("SELECT count(*) FROM audit_entry WHERE action = 'export' AND entity = 'station'") == 2


def rewrite(src, dst, change) -> None:
    with zipfile.ZipFile(src) as z:
        items = {name: z.read(name) for name in z.namelist()}
    change(items)
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)


@pytest.mark.parametrize("tamper", ["a member", "the manifest", "another station's key", "truncated", "no signature"])
def test_a_tampered_or_truncated_package_is_refused(demo_store, tmp_path, tamper):
    from stationdesk.exchange.package import new_key

    good = tmp_path / "good.sdpkg"
    packages.export_package(demo_store, good, year=2026)
    bad = tmp_path / "bad.sdpkg"
    if tamper == "a member":
        rewrite(good, bad, lambda items: items.update({"participations.json": items["participations.json"]
                                                       .replace(b'"hours":2.0', b'"hours":9.0', 1)}))
    elif tamper == "the manifest":
        rewrite(good, bad, lambda items: items.update({"manifest.json": items["manifest.json"]
                                                       .replace("青山村".encode(), "白水村".encode())}))
    elif tamper == "another station's key":
        def swap(items):
            manifest = json.loads(items["manifest.json"])
            manifest["station"]["public_key"] = new_key()[1].hex()
            items["manifest.json"] = json.dumps(manifest).encode()
        rewrite(good, bad, swap)
    elif tamper == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    else:
        rewrite(good, bad, lambda items: items.pop("signature.ed25519"))
    assert bad.read_bytes() != good.read_bytes()
    with pytest.raises(PackageRejected, match="不能导入"):
        read_package(bad)
    read_package(good)  # the original still verifies
