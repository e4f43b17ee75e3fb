"""What kind of input is this? Sniff the bytes first, then the name and content type.

The bytes are the authority: a file's name and a server's content type are claims,
and claims are often wrong (or hostile). When a claim says "PDF" and the bytes
say "PNG", we refuse with a message that says so rather than feed a parser
something it was never meant to read.

Also home of text decoding (charset_normalizer is imported here and nowhere else).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from charset_normalizer import from_bytes

from bot.errors import CorruptFile, EmptyDocument, UnsupportedType
from bot.fetching.headers import parse_content_type


@dataclass(frozen=True)
class Format:
    """A kind of input we read: how people name it, and what files and servers call it."""

    kind: str  # one of bot.document.KINDS
    label: str
    extensions: tuple[str, ...]
    content_types: tuple[str, ...]


# The one table of what we read; everything else about file kinds is derived from it.
FORMATS: tuple[Format, ...] = (
    Format("text", "a text file", ("txt", "text", "log", "rst"), ("text/plain",)),
    Format("markdown", "a Markdown file", ("md", "markdown", "mdown", "mkd"),
           ("text/markdown", "text/x-markdown")),
    Format("html", "a web page", ("html", "htm", "xhtml", "shtml"),
           ("text/html", "application/xhtml+xml")),
    Format("pdf", "a PDF", ("pdf",), ("application/pdf", "application/x-pdf")),
    Format("docx", "a Word document", ("docx",),
           ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)),
)
# file extensions and kind names (Slack's ``filetype`` is one or the other)
READABLE_NAMES: frozenset[str] = frozenset(
    name for f in FORMATS for name in (f.kind, *f.extensions)
)

# (prefix, offset, description) of formats we refuse, checked against the raw bytes.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"\x00\x00\x01\x00", 0, "an icon image"),
    (b"8BPS", 0, "a Photoshop image"),
    (b"ID3", 0, "an MP3 audio file"),
    (b"OggS", 0, "an Ogg audio/video file"),
    (b"fLaC", 0, "a FLAC audio file"),
    (b"\x1a\x45\xdf\xa3", 0, "a Matroska/WebM video"),
    (b"\x7fELF", 0, "an executable program (ELF)"),
    (b"\xfe\xed\xfa\xce", 0, "an executable program (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", 0, "an executable program (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", 0, "an executable program (Mach-O)"),
    (b"\xce\xfa\xed\xfe", 0, "an executable program (Mach-O)"),
    (b"\xca\xfe\xba\xbe", 0, "a compiled program (Java class or Mach-O)"),
    (b"\x00asm", 0, "a WebAssembly program"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a Zstandard archive"),
    (b"ustar", 257, "a tar archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0,
     "a legacy Microsoft Office file (.doc/.xls/.ppt); save it as .docx or PDF"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"{\\rtf", 0, "an RTF document; save it as .docx, PDF or plain text"),
    (b"%!PS", 0, "a PostScript file"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
)

# Claims (extension or content type) of types we do not read: name them in the refusal.
_REFUSED_EXT = {
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic", "svg", "ico"), "an image"),
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "webm", "m4v", "wmv"), "a video"),
    **dict.fromkeys(("mp3", "wav", "flac", "ogg", "m4a", "aac", "opus"), "an audio file"),
    **dict.fromkeys(("zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "zst"), "an archive"),
    **dict.fromkeys(("exe", "dll", "so", "dylib", "bin", "msi", "dmg", "apk", "jar", "class"), "a program"),
    **dict.fromkeys(("doc", "xls", "ppt"), "a legacy Microsoft Office file; save it as .docx or PDF"),
    **dict.fromkeys(("xlsx", "xlsm", "ods", "csv"), "a spreadsheet"),
    **dict.fromkeys(("pptx", "odp", "key"), "a presentation"),
    "rtf": "an RTF document",
    "epub": "an e-book",
    "odt": "an OpenDocument text (save it as .docx or PDF)",
}

_EXT_KIND = {ext: f.kind for f in FORMATS for ext in f.extensions}
_CTYPE_KIND = {ctype: f.kind for f in FORMATS for ctype in f.content_types}

# Content types that say nothing about the contents.
_GENERIC_CTYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown",
                   "application/binary", "application/download", "application/force-download"}

_KIND_LABEL = {f.kind: f.label for f in FORMATS}

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_HINTS = re.compile(r"^(?:#{1,6} \S|```|\s*[-*+] \S|\s*\d+\. \S)|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S", re.MULTILINE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _extension(name: str) -> str:
    suffix = PurePosixPath(name.replace("\\", "/").split("?", 1)[0].split("#", 1)[0]).suffix
    return suffix.lower().lstrip(".")


def _label(name: str, content_type: str) -> str:
    return f"“{PurePosixPath(name.replace(chr(92), '/')).name}”" if name else f"this {content_type or 'input'}"


def _magic(data: bytes) -> str | None:
    for prefix, offset, what in _MAGIC:
        if data[offset:offset + len(prefix)] == prefix:
            return what
    head = data[:16]
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}.get(
            head[8:12], "a RIFF media file")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"heic", b"heix", b"mif1", b"avif"}:
            return "an image (HEIC/AVIF)"
        if brand in {b"M4A ", b"M4B "}:
            return "an audio file (M4A)"
        return "a video (MP4/QuickTime)"
    if head[:2] == b"MZ" and _looks_binary(data[:4096]):
        return "an executable program (Windows)"
    if head[:2] == b"BM" and _looks_binary(data[:4096]):
        return "a BMP image"
    if head[:3] == b"BZh" and _looks_binary(data[:4096]):
        return "a bzip2 archive"
    return None


def _zip_kind(data: bytes) -> str:
    """A zip's real type: "docx", or raise UnsupportedType naming what it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = b""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, KeyError, RuntimeError) as exc:
        raise CorruptFile("this zip file is damaged and cannot be opened") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnsupportedType("this is a spreadsheet (XLSX), not a document I can summarize")
    if "ppt/presentation.xml" in names:
        raise UnsupportedType("this is a presentation (PPTX); export it as PDF first")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnsupportedType("this is an OpenDocument file; save it as .docx or PDF first")
    if mimetype == b"application/epub+zip":
        raise UnsupportedType("this is an e-book (EPUB), which I cannot read")
    if "META-INF/MANIFEST.MF" in names:
        raise UnsupportedType("this is a Java archive (JAR), not a document")
    raise UnsupportedType("this is a zip archive; send the document itself, not a zip")


def _looks_binary(sample: bytes) -> bool:
    """Many NULs or control bytes: not text in any 8-bit or UTF-8 encoding."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte (for Latin text)."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Bytes to text, never crashing: BOM, UTF-8, the declared charset, a guess, cp1252.

    Raises UnsupportedType when the bytes are binary rather than text.
    """
    encoding = _bom_encoding(data) or _utf16_without_bom(data[:4096])
    if encoding:
        text = data.decode(encoding, errors="replace")
        if encoding.startswith("utf-16") and _looks_binary(text[:4096].encode("utf-8", "replace")):
            raise UnsupportedType("this is binary data, not text")
        return text.lstrip("\ufeff")
    if _looks_binary(data[:8192]):
        raise UnsupportedType("this is binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _known_codec(charset)
    # a declared UTF-8 that failed above is a lie; declared single-byte charsets are
    # usually right, and "iso-8859-1" really means cp1252 (as browsers treat it)
    if declared and declared not in {"utf-8", "utf-16", "utf-32"}:
        if declared in {"latin-1", "iso8859-1", "ascii"}:
            declared = "cp1252"
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if sum(1 for b in data[:65536] if b > 127) < 16:
        # too little to go on for a detector; a few accented letters are most often cp1252
        return data.decode("cp1252", errors="replace")
    candidates: list[str] = []
    guess = from_bytes(data[:65536]).best()
    if guess is not None and guess.encoding and _known_codec(guess.encoding):
        candidates.append(guess.encoding)
    candidates.append("cp1252")
    # short texts fool the detector (it likes DOS code pages); keep its guess only
    # when it reads at least as plausibly as cp1252, the usual Western 8-bit encoding
    decoded = [data.decode(c, errors="replace") for c in candidates]
    return max(decoded, key=_plausibility)


_PUNCT = set("“”‘’–—€…«»°©®·•§¶¿¡×")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters or common typographic marks."""
    extra = [c for c in text[:65536] if ord(c) > 127]
    if not extra:
        return 1.0
    good = sum(1 for c in extra if (c.isalpha() and c not in "ªº") or c in _PUNCT)
    return good / len(extra)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def sniff(data: bytes, *, name: str = "", content_type: str | None = None) -> str:
    """The kind of input: "text", "markdown", "html", "pdf" or "docx".

    Raises UnsupportedType for types we do not read (naming them), CorruptFile when
    the name or content type claims one of our types and the bytes disagree, and
    EmptyDocument for empty input.
    """
    mime, _ = parse_content_type(content_type)
    ext = _extension(name)
    claimed = _EXT_KIND.get(ext) or _CTYPE_KIND.get(mime)
    label = _label(name, mime)
    if not data.strip():
        raise EmptyDocument("the file is empty")

    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        try:
            return _zip_kind(data)
        except UnsupportedType as exc:
            if claimed == "docx":
                raise CorruptFile(f"{label} claims to be a Word document but is not one") from exc
            raise
    real = _magic(data)
    if real:
        if claimed:
            raise CorruptFile(f"{label} claims to be {_KIND_LABEL[claimed]} but is really {real}")
        raise UnsupportedType(f"{label} is {real}, which I cannot summarize")

    # from here on the bytes should be text (or HTML, which is text)
    if claimed in {"pdf", "docx"}:
        raise CorruptFile(f"{label} claims to be {_KIND_LABEL[claimed]} but is not one (damaged or mislabelled)")
    if not claimed:
        refused = _REFUSED_EXT.get(ext)
        if refused is None and mime and mime not in _GENERIC_CTYPES:
            major = mime.split("/", 1)[0]
            if major in {"image", "video", "audio", "font", "model"}:
                refused = f"{'an' if major in {'image', 'audio'} else 'a'} {major} ({mime})"
            elif not (major == "text" or mime.endswith(("+xml", "/xml", "/json")) or mime == "application/json"):
                refused = f"of type {mime}"
        if refused:
            raise UnsupportedType(f"{label} is {refused}, which I cannot summarize")
    sample = data[:8192]
    if _bom_encoding(sample) is None and _utf16_without_bom(sample[:4096]) is None and _looks_binary(sample):
        if claimed:
            raise UnsupportedType(f"{label} claims to be {_KIND_LABEL[claimed]} but contains binary data")
        raise UnsupportedType(f"{label} is binary data of an unknown type, which I cannot summarize")
    if claimed == "html" or _HTML_START.match(_ascii_head(sample)):
        return "html"
    if claimed in {"text", "markdown"}:
        return claimed
    if _HTML_ANYWHERE.search(_ascii_head(sample)):
        return "html"
    text_sample = sample.decode("utf-8", errors="ignore")
    if len(_MARKDOWN_HINTS.findall(text_sample)) >= 2:
        return "markdown"
    return "text"


def _ascii_head(sample: bytes) -> bytes:
    """The sample with BOM/UTF-16 NULs removed so markup checks see ASCII."""
    for bom, _ in _BOMS:
        if sample.startswith(bom):
            sample = sample[len(bom):]
            break
    if sample.count(0) > len(sample) // 4:
        sample = sample.replace(b"\x00", b"")
    return sample
