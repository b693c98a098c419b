#!/usr/bin/env python3
"""Write the attack seeds for the REFI-QDA fuzz targets (issue 18): deeply
nested XML and a .qdpx whose entry expands far beyond its compressed size.
Standard library only; run from this folder. Each seed stays under the
64 KB that `-max_len=65536` lets the `qdpx` target read."""

import io
import zipfile

GUID = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
CODE = f'<Code guid="{GUID}" name="a" isCodable="true">'


def codebook(body):
    return ('<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
            f"<Codes>{body}</Codes></CodeBook>\n")


def project(body, sources=""):
    return ('<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p">'
            f"<CodeBook><Codes>{body}</Codes></CodeBook>{sources}</Project>\n")


def nested(n):
    return CODE * n + "</Code>" * n


SOURCE = ('<Sources><TextSource guid="2FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" '
          'name="big" plainTextPath="internal://big.txt"/></Sources>')


def zipped(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


def write(path, data):
    if isinstance(data, str):
        data = data.encode()
    assert len(data) <= 65536, (path, len(data))
    with open(path, "wb") as f:
        f.write(data)


write("qdc/nested-300-codes.qdc", codebook(nested(300)))
write("qdc/nested-254-codes.qdc", codebook(nested(254)))
write("qdc/description-nested-2000.qdc", codebook(
    f"{CODE}<Description>{'<i>' * 2000}{'</i>' * 2000}</Description></Code>"))
write("qdc/siblings-500.qdc", codebook(f'<Code guid="{GUID}" name="a" isCodable="true"/>' * 500))
write("qdpx/nested-300-codes.qde", project(nested(300)))
write("qdpx/zero-bomb-2mb.qdpx", zipped([
    ("project.qde", project(CODE + "</Code>", SOURCE)),
    ("Sources/big.txt", b"\0" * (2 << 20)),
]))
write("qdpx/text-bomb-4mb.qdpx", zipped([
    ("project.qde", project(CODE + "</Code>", SOURCE)),
    ("Sources/big.txt", b"Ana: money " * (400 << 10)),
]))
write("qdpx/two-project-qde.qdpx", zipped([
    ("project.qde", project(CODE + "</Code>", SOURCE)),
    ("Sources/big.txt", b"Ana: hello\n"),
    ("Project.qde", project(CODE + "</Code>", SOURCE)),
]))
write("qdpx/nested-300-in-zip.qdpx", zipped([
    ("project.qde", project(nested(300), SOURCE)),
    ("Sources/big.txt", b"Ana: hello\n"),
]))
