#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into OUT/<target>/, one file per distinct input
named by its SHA-1 (as libFuzzer names corpus files), from the shared corpus and the test
fixtures. Nothing here is committed: `make fuzz-seeds` regenerates it under .build-fuzz/.

usage: fuzz-seeds.py CORPUS OUT
"""
import hashlib
import io
import json
import pathlib
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
import zipfile

corpus = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
tests = pathlib.Path("Tests")


def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(root, pattern):
    return sorted(p for p in root.rglob(pattern) if p.is_file())


manifests = files(corpus, "addon.xml")

# Manifest reader: real manifests and the manifest test fixtures (broken and malformed XML).
for path in manifests + files(tests / "ManifestTests" / "Fixtures", "*.xml"):
    seed("FuzzManifest", path.read_bytes())

# SQL translator: every <queries>/<opt_queries> item of the real manifests, as written.
for path in manifests:
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError:
        continue
    for queries in (element for element in root.iter() if element.tag in ("queries", "opt_queries")):
        for item in queries.iter("item"):
            if item.text and item.text.strip():
                seed("FuzzSQLDialect", item.text.strip())
for path in files(tests / "SQLDialectTests", "*.sql"):
    seed("FuzzSQLDialect", path.read_bytes())

# Templates: real hook/override templates and the templates of the Smarty conformance cases.
for path in files(corpus, "*.tpl") + files(tests / "TemplatesTests" / "Fixtures", "*.tpl"):
    seed("FuzzTemplates", path.read_bytes())
for path in files(tests / "TemplatesTests" / "Fixtures", "*.json"):
    case = json.loads(path.read_text())
    for text in case.get("templates", {}).values():
        seed("FuzzTemplates", text)

# .po parser: real language packs and the Gettext test fixtures.
for path in files(corpus, "*.po") + files(tests / "GettextTests", "*.po"):
    seed("FuzzGettext", path.read_bytes())


# Archive reader: small real packages as tgz and zip, and one of each hostile shape.
def tgz(entries):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info, data in entries:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def member(name, data=b"", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size, info.mtime = kind, link, len(data), 946684800
    return info, (data if kind == tarfile.REGTYPE else None)


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


for path in sorted(manifests, key=lambda p: p.stat().st_size)[:4]:
    addon = path.parent.name
    package = [(f"app/addons/{addon}/addon.xml", path.read_bytes())]
    package += [(f"var/langs/{po.parent.parent.name}/addons/{po.name}", po.read_bytes())
                for po in corpus.rglob(f"{addon}.po")][:2]
    seed("FuzzPackageArchive", tgz([member(name, data) for name, data in package]))
    seed("FuzzPackageArchive", zipped(package))
xml = b"<addon scheme='3.0'><id>x</id></addon>"
seed("FuzzPackageArchive", tgz([member("../evil.php", b"<?php")]))
seed("FuzzPackageArchive", tgz([member("/tmp/evil.php", b"<?php")]))
seed("FuzzPackageArchive", tgz([member("app/addons/x/addon.xml", xml), member("app/link", kind=tarfile.SYMTYPE, link="/etc")]))
seed("FuzzPackageArchive", tgz([member("app/addons/x/addon.xml", xml), member("app/hard", kind=tarfile.LNKTYPE, link="app/addons/x/addon.xml")]))
seed("FuzzPackageArchive", tgz([member("dev/null", kind=tarfile.CHRTYPE)]))
seed("FuzzPackageArchive", zipped([("app/addons/x/addon.xml", xml), ("../../evil.php", b"<?php")]))
seed("FuzzPackageArchive", zipped([("app/addons/x/big.txt", b"\0" * (4 << 20))]))

for folder in sorted(out.iterdir()):
    print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")
