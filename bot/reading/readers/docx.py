"""DOCX to blocks with python-docx: body paragraphs and table cells in order.

A DOCX is a zip. Before python-docx inflates anything, the zip's directory is
checked: a small file that claims to expand to gigabytes (a zip bomb) is refused
as TooLarge. Python's zipfile never yields more than a member's declared size, so
checking the declared sizes bounds memory.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from bot.document import BULLET, RawArticle
from bot.errors import CorruptFile, TooLarge

MAX_UNCOMPRESSED = 200_000_000  # bytes, all members together
MAX_RATIO = 200  # uncompressed/compressed for one large member; text XML compresses ~10-30x
MAX_MEMBERS = 10_000


def check_zip(data: bytes) -> None:
    """Refuse zip bombs: too many members, too large when inflated, or too compressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile("this Word document is damaged (not a valid zip)") from exc
    if len(infos) > MAX_MEMBERS:
        raise TooLarge("this Word document has too many parts to read safely")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise TooLarge(
            f"this Word document expands to {total / 1e6:,.0f} MB, more than the "
            f"{MAX_UNCOMPRESSED / 1e6:,.0f} MB limit (a zip bomb?)"
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise TooLarge("this Word document is compressed suspiciously well (a zip bomb?)")


def _block_items(document: DocxDocument) -> list[tuple[str, str]]:
    """(style name, text) of body paragraphs and table cell paragraphs, in order."""
    items: list[tuple[str, str]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            seen: set[int] = set()
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat across the span
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(cell.text.split())
                    if text:
                        items.append(("Table", text))
        else:
            style = item.style.name if item.style is not None else ""
            items.append((style or "", item.text))
    return items


def read_docx(data: bytes) -> RawArticle:
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        items = _block_items(document)
        props = document.core_properties
        core_title = props.title or ""
        author = props.author or None
        date = props.created.date().isoformat() if props.created else None
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise CorruptFile("this Word document is damaged and cannot be read") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise arbitrary errors on bad XML
        raise CorruptFile("this Word document is damaged and cannot be read") from exc
    title = ""
    blocks: list[str] = []
    headings: list[int] = []
    for style, text in items:
        text = " ".join(text.split())
        if not text:
            continue
        lowered = style.lower()
        if lowered == "title" and not title:
            title = text
        elif lowered.startswith("heading") or lowered in {"title", "subtitle"}:
            headings.append(len(blocks))
            blocks.append(text)
        elif lowered.startswith("list"):
            blocks.append(BULLET + text)
        else:
            blocks.append(text)
    return RawArticle(
        title=title or " ".join(core_title.split()),
        author=" ".join(author.split()) if author else None,
        date=date,
        blocks=tuple(blocks),
        kind="docx",
        headings=tuple(headings),
    )
