"""The main text and metadata of a page or file: trafilatura for HTML, pypdf for PDF."""

import io
import logging
from dataclasses import dataclass
from datetime import date

import trafilatura
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# pypdf and trafilatura log every oddity of a page at WARNING; a page they cannot read raises below.
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("trafilatura").setLevel(logging.ERROR)


class ExtractionError(Exception):
    """A page or file with no text to archive, in words for the desk."""


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str = ""
    author: str = ""
    site_name: str = ""
    published_on: date | None = None


def kind_of(content_type, data, name=""):
    """ "pdf", "html" or "text", from the content type, the file's name and its first bytes."""
    content_type = content_type.split(";")[0].strip().lower()
    if data.startswith(b"%PDF-") or content_type == "application/pdf" or name.lower().endswith(".pdf"):
        return "pdf"
    if content_type == "text/plain" or name.lower().endswith(".txt"):
        return "text"
    return "html"


def extract(data, *, content_type="", url=None, name=""):
    """An Extracted from the bytes of a page or file; ExtractionError when there is no text in it."""
    kind = kind_of(content_type, data, name)
    if kind == "pdf":
        extracted = _from_pdf(data)
    elif kind == "text":
        extracted = Extracted(text=_decoded(data, content_type).strip())
    else:
        extracted = _from_html(data, url)
    if not extracted.text.strip():
        raise ExtractionError(f"no text could be found in this {kind.upper() if kind != 'text' else 'file'}")
    return extracted


def _decoded(data, content_type):
    charset = "utf-8"
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _from_html(data, url):
    document = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, favor_recall=True
    )
    if document is None or not (document.text or "").strip():
        raise ExtractionError("no article text could be found on this page")
    return Extracted(
        text=document.text,
        title=(document.title or "")[:500],
        author=(document.author or "")[:500],
        site_name=(document.sitename or "")[:500],
        published_on=_date(document.date),
    )


def _date(value):
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _from_pdf(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        metadata = reader.metadata or {}
        created = getattr(reader.metadata, "creation_date", None) if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ExtractionError(f"the PDF could not be read ({error})") from None
    return Extracted(
        text=text,
        title=str(metadata.get("/Title") or "")[:500],
        author=str(metadata.get("/Author") or "")[:500],
        published_on=created.date() if created else None,
    )
