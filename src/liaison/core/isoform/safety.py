"""Checks on untrusted uploads, run before any parser library sees the bytes.

Rules (each breach raises :class:`~.errors.FormError` naming the file):

* size: at most ``Limits.max_bytes`` (default 10 MB);
* Office files must be zip archives of the kind their name says (a .docx holds a Word main
  document, an .xlsx a workbook); old binary/encrypted Office files are refused;
* zip bombs: before anything is decompressed, the declared uncompressed sizes must total at most
  ``max_uncompressed`` (100 MB), there may be at most ``max_members`` (1,000) members, and the
  compression ratio (archive and each member over 1 MiB) may not exceed ``max_ratio`` (100);
  ``zipfile`` never yields more than a member's declared size, so these numbers bound the work;
* XML: every XML part is streamed through defusedxml first; any DOCTYPE or ENTITY declaration
  or external reference is refused;
* embedded files and objects (OLE objects, packages, ActiveX, macros, altChunks) are refused,
  as IEC's voting application does;
* CSV: must be UTF-8 text (an optional BOM is allowed) without NUL bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from .errors import FormError, refuse

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upload limits; every reader takes one (defaults suit a web upload)."""

    max_bytes: int = 10 * MB
    max_uncompressed: int = 100 * MB
    max_members: int = 1000
    max_ratio: int = 100
    max_rows: int = 20_000
    max_columns: int = 64


DEFAULT_LIMITS = Limits()

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCX_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_MAIN = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)
_KIND_NAMES = {"docx": "a Word document (.docx)", "xlsx": "an Excel workbook (.xlsx)"}
#: Relationship types (last path segment) that embed files or active content.
_EMBED_RELS = {"oleobject", "package", "afchunk", "control", "vbaproject", "activexcontrolbinary"}
#: Elements that embed objects in WordprocessingML / VML.
_EMBED_TAGS = {"object", "OLEObject", "oleObject", "altChunk", "control"}
_EMBED_DIRS = ("embeddings/", "activex/", "vbaproject")


@dataclass
class ZipReport:
    """What the scan learnt: member names and, per worksheet part, its merged ranges."""

    names: list[str] = field(default_factory=list)
    merges: dict[str, list[str]] = field(default_factory=dict)


def check_size(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an upload larger than ``limits.max_bytes`` or an empty one."""
    if len(data) > limits.max_bytes:
        raise refuse(file, f"the file is larger than the limit of {limits.max_bytes:,} bytes")
    if not data:
        raise refuse(file, "the file is empty")


def check_csv(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a CSV upload, after checking it is UTF-8 text and not binary."""
    check_size(data, file, limits)
    if data.startswith(b"PK\x03\x04") or data.startswith(_OLE2_MAGIC):
        raise refuse(file, "the file is an Office document, not a CSV text file")
    if b"\x00" in data:
        raise refuse(file, "the file contains binary data (NUL bytes), not CSV text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(file, f"the file is not UTF-8 text (bad byte at offset {exc.start})") from None


def _open_zip(data: bytes, file: str, kind: str) -> zipfile.ZipFile:
    expected = _KIND_NAMES[kind]
    if data.startswith(_OLE2_MAGIC):
        raise refuse(file, f"the file is an old binary or encrypted Office file, not {expected}")
    if not data.startswith(b"PK\x03\x04"):
        raise refuse(file, f"the file is not {expected} (it is not a zip archive)")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse(file, f"the file is not {expected} (damaged zip archive)") from None


def _check_members(archive: zipfile.ZipFile, data: bytes, file: str, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise refuse(file, f"the archive has {len(infos):,} members (limit {limits.max_members:,})")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(file, f"the archive member {info.filename!r} is encrypted")
        total += info.file_size
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise refuse(
                file,
                f"the archive member {info.filename!r} is compressed suspiciously well "
                f"(more than {limits.max_ratio}:1): refused as a possible zip bomb",
            )
    if total > limits.max_uncompressed:
        raise refuse(
            file,
            f"the archive would expand to {total:,} bytes (limit "
            f"{limits.max_uncompressed:,}): refused as a possible zip bomb",
        )
    if total > MB and total > limits.max_ratio * len(data):
        raise refuse(
            file,
            f"the archive is compressed more than {limits.max_ratio}:1: refused as a "
            "possible zip bomb",
        )
    for info in infos:
        lowered = info.filename.lower()
        if any(part in lowered for part in _EMBED_DIRS) or lowered.endswith(".bin"):
            raise refuse(
                file,
                f"the file contains an embedded file or object ({info.filename}); "
                "embedded files are not allowed in comment forms",
            )


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Watcher:
    """Parser target that only looks at the elements that matter (no tree is built)."""

    def __init__(self, file: str, name: str, watch: bool) -> None:
        self.file, self.name = file, name
        self.merges: list[str] = []
        self.rel_types: list[str] = []
        if watch:
            self.start = self._start

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local in _EMBED_TAGS:
            raise refuse(
                self.file,
                f"the file contains an embedded object ({local} in {self.name}); "
                "embedded files are not allowed in comment forms",
            )
        if local == "mergeCell":
            self.merges.append(str(attrs.get("ref", "")))
        elif local == "Relationship":
            self.rel_types.append(str(attrs.get("Type", "")).rsplit("/", 1)[-1].lower())

    def close(self) -> None:
        return None


def _watch(name: str) -> bool:
    """Parts whose elements are inspected: relationships, worksheets, drawings, VML."""
    lowered = name.lower()
    return (
        lowered.endswith((".rels", ".vml")) or "/worksheets/" in lowered or ("drawing" in lowered)
    )


def _scan_xml(archive: zipfile.ZipFile, name: str, file: str, report: ZipReport) -> None:
    """Stream one XML part through defusedxml, refusing DTDs, entities and embedded objects.

    Large parts (the document body) are only checked for DTD/entity declarations and
    well-formedness, which expat does without building a tree; relationship and worksheet
    parts are also inspected element by element.
    """
    watcher = _Watcher(file, name, _watch(name))
    try:
        parser = safe_et.DefusedXMLParser(target=watcher, forbid_dtd=True)
        # Text is of no interest: without a default handler expat skips it in C. Safe because
        # any DOCTYPE (the only way to define entities) is refused by defusedxml's handler.
        parser.parser.DefaultHandlerExpand = None
        with archive.open(name) as stream:
            while chunk := stream.read(256 * 1024):
                parser.feed(chunk)
        parser.close()
    except FormError:
        raise
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden):
        raise refuse(
            file, f"the part {name} declares a DOCTYPE or ENTITY; XML entity tricks are refused"
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise refuse(file, f"the part {name} refers to external XML; refused") from None
    except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise refuse(file, f"the part {name} is damaged (not well-formed XML)") from None
    embedded = sorted(set(watcher.rel_types) & _EMBED_RELS)
    if embedded:
        raise refuse(
            file,
            f"the file contains an embedded file or object ({embedded[0]}); "
            "embedded files are not allowed in comment forms",
        )
    if watcher.merges:
        report.merges[name] = watcher.merges


def _content_types(archive: zipfile.ZipFile, file: str, kind: str) -> set[str]:
    expected = _KIND_NAMES[kind]
    try:
        with archive.open("[Content_Types].xml") as stream:
            return {
                str(el.get("ContentType", ""))
                for _e, el in safe_et.iterparse(stream, events=("end",), forbid_dtd=True)
                if _local(el.tag) == "Override"
            }
    except KeyError:
        raise refuse(file, f"the file is not {expected} (no [Content_Types].xml)") from None
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden):
        raise refuse(
            file, "the part [Content_Types].xml declares a DOCTYPE or ENTITY; refused"
        ) from None
    except Exception:
        raise refuse(file, f"the file is not {expected} (damaged package)") from None


def _check_kind(types: set[str], file: str, kind: str) -> None:
    if any(t in types for t in _MACRO_MAIN):
        raise refuse(file, "the file contains macros; embedded code is not allowed")
    is_docx = _DOCX_MAIN in types or _DOCX_TEMPLATE in types
    is_xlsx = _XLSX_MAIN in types
    if kind == "docx" and not is_docx:
        other = " (it is an Excel workbook)" if is_xlsx else ""
        raise refuse(file, f"the file is not a Word document (.docx){other}")
    if kind == "xlsx" and not is_xlsx:
        other = " (it is a Word document)" if is_docx else ""
        raise refuse(file, f"the file is not an Excel workbook (.xlsx){other}")


def check_zip(data: bytes, file: str, kind: str, limits: Limits = DEFAULT_LIMITS) -> ZipReport:
    """Run every check on an Office upload of ``kind`` ("docx" or "xlsx") before parsing.

    Raises :class:`FormError`; returns what the scan found (merged ranges of worksheets).
    """
    check_size(data, file, limits)
    archive = _open_zip(data, file, kind)
    with archive:
        _check_members(archive, data, file, limits)
        _check_kind(_content_types(archive, file, kind), file, kind)
        report = ZipReport(names=archive.namelist())
        for name in report.names:
            if name.lower().endswith((".xml", ".rels", ".vml")):
                _scan_xml(archive, name, file, report)
    return report


__all__ = [
    "DEFAULT_LIMITS",
    "FormError",
    "Limits",
    "ZipReport",
    "check_csv",
    "check_size",
    "check_zip",
]
