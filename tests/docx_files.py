"""Build small Word (.docx) files from their XML parts, for the reader's tests.

Each file is written by hand here (no template), so a test controls exactly which styles,
lists, footnotes, tracked changes, comments or hostile XML it holds.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4b50000000049454e44ae426082"
)

_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_STYLES_LIST = [
    ("Title", "Title"),
    ("Heading1", "heading 1"),
    ("Heading2", "heading 2"),
    ("Quote", "Quote"),
    ("ListParagraph", "List Paragraph"),
]


_OUTLINED = [
    ("ArticleHead", "Article Head", '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>'),
    ("Crosshead", "Crosshead", '<w:basedOn w:val="ArticleSub"/>'),
    ("ArticleSub", "Article Sub", '<w:pPr><w:outlineLvl w:val="1"/></w:pPr>'),
    ("BodyNote", "Body Note", '<w:pPr><w:outlineLvl w:val="9"/></w:pPr>'),
]
"""Newsroom styles that are headings by outline level only (one through the style it is
based on), and one at level 9, body text."""


def _styles(extra: list[tuple[str, str, str]] | None = None) -> str:
    styles = "".join(
        f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
        for sid, name, kind in extra or []
    )
    styles += "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
        for sid, name in _STYLES_LIST
    )
    styles += "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}</w:style>'
        for sid, name, extra in _OUTLINED
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">{styles}</w:styles>'


_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def run(text: str, bold: bool = False, italic: bool = False, style: str | None = None) -> str:
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + ("<w:b/>" if bold else "")
    props += "<w:i/>" if italic else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None, num: int | None = None) -> str:
    ppr = ""
    if style or num:
        ppr = (
            "<w:pPr>"
            + (f'<w:pStyle w:val="{style}"/>' if style else "")
            + (f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>' if num else "")
            + "</w:pPr>"
        )
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def footnote_ref(number: int) -> str:
    return f'<w:r><w:footnoteReference w:id="{number}"/></w:r>'


def link(text: str, rel: str = "rIdLink") -> str:
    return f'<w:hyperlink r:id="{rel}">{run(text)}</w:hyperlink>'


def image(rel: str = "rIdImg", alt: str = "") -> str:
    return (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        f'wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="Picture 1"'
        f' descr="{escape(alt)}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/'
        '2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="0" name="p.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel}"/></pic:blipFill><pic:spPr/></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def core(title: str | None = "", creator: str = "", modified: str = "", language: str = "") -> str:
    parts = []
    if title:
        parts.append(f"<dc:title>{escape(title)}</dc:title>")
    if creator:
        parts.append(f"<dc:creator>{escape(creator)}</dc:creator>")
    if modified:
        parts.append(f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>')
    if language:
        parts.append(f"<dc:language>{language}</dc:language>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://'
        'purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(parts)
        + "</cp:coreProperties>"
    )


def docx(
    body: str,
    *,
    footnotes: dict[int, str] | None = None,
    comments: dict[int, str] | None = None,
    core_xml: str | None = None,
    document_prefix: str = "",
    extra: dict[str, bytes] | None = None,
    extra_rels: list[str] | None = None,
    extra_styles: list[tuple[str, str, str]] | None = None,
) -> bytes:
    """Return the bytes of a .docx whose body is BODY (w:p elements); EXTRA_RELS are more
    <Relationship> elements of the document, EXTRA_STYLES more (styleId, name, type) styles."""
    rels = [
        f'<Relationship Id="rIdStyles" Type="{R}/styles" Target="styles.xml"/>',
        f'<Relationship Id="rIdNum" Type="{R}/numbering" Target="numbering.xml"/>',
        f'<Relationship Id="rIdLink" Type="{R}/hyperlink" Target="https://harbour.example/report"'
        ' TargetMode="External"/>',
        f'<Relationship Id="rIdImg" Type="{R}/image" Target="media/image1.png"/>',
        *(extra_rels or []),
    ]
    files: dict[str, bytes] = {}
    if footnotes:
        rels.append(f'<Relationship Id="rIdFoot" Type="{R}/footnotes" Target="footnotes.xml"/>')
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p>{run(text)}</w:p></w:footnote>'
            for n, text in footnotes.items()
        )
        files["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
            f"{notes}</w:footnotes>"
        ).encode()
    if comments:
        rels.append(f'<Relationship Id="rIdCom" Type="{R}/comments" Target="comments.xml"/>')
        items = "".join(
            f'<w:comment w:id="{n}" w:author="Editor"><w:p>{run(text)}</w:p></w:comment>'
            for n, text in comments.items()
        )
        files["word/comments.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}">{items}</w:comments>'
        ).encode()
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>{document_prefix}'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )
    files.update(
        {
            "[Content_Types].xml": _TYPES.encode(),
            "_rels/.rels": _RELS.encode(),
            "word/document.xml": document.encode(),
            "word/_rels/document.xml.rels": doc_rels.encode(),
            "word/styles.xml": _styles(extra_styles).encode(),
            "word/numbering.xml": _NUMBERING.encode(),
            "word/media/image1.png": PNG_1PX,
            "docProps/core.xml": (
                core_xml
                if core_xml is not None
                else core(
                    "Harbour dredging plan approved",
                    "Mira Oskarsdottir; Tom Hale",
                    "2024-05-06T09:00:00Z",
                    "en-GB",
                )
            ).encode(),
        }
    )
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(files):
            package.writestr(
                zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), files[name], zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def article_docx() -> bytes:
    """A Word article with every structure the reader keeps."""
    body = "".join(
        [
            para(run("Harbour dredging plan approved"), style="Title"),
            para(
                run("The council voted "),
                run("nine to two", bold=True),
                run(" for the dig, "),
                run("after", italic=True),
                run(" a long debate."),
                footnote_ref(1),
            ),
            para(run("What happens next"), style="Heading1"),
            para(
                run("Work starts in June and the "),
                link("full report"),
                run(" is published."),
                footnote_ref(2),
            ),
            para(run("Barges arrive first."), num=1),
            para(run("Divers check the piers."), num=1),
            para(run("Step one of the schedule."), num=2),
            para(run("Step two of the schedule."), num=2),
            para(
                run("We have waited eleven years for this, the harbour master said."), style="Quote"
            ),
            para(image(alt="Map of the outer channel")),
            para(run("Costs"), style="Heading2"),
            para(run("The budget is 4.2 million euros."), footnote_ref(1)),
        ]
    )
    return docx(
        body,
        footnotes={1: "Council minutes, 2 May 2024.", 2: "Harbour survey report, spring 2024."},
    )


def tracked_docx() -> bytes:
    body = para(
        run("The quay reopens in "),
        '<w:ins w:id="1" w:author="Ana"><w:r><w:t>July</w:t></w:r></w:ins>',
        '<w:del w:id="2" w:author="Tom"><w:r><w:delText>June</w:delText></w:r></w:del>',
        run(" after repairs to the crane rails and the fender timbers."),
    )
    return docx(body)


def commented_docx() -> bytes:
    body = para(
        '<w:commentRangeStart w:id="5"/>',
        run("Ten boats are moored there."),
        '<w:commentRangeEnd w:id="5"/>',
        '<w:r><w:commentReference w:id="5"/></w:r>',
    )
    return docx(body, comments={5: "Check this figure"})


def entity_docx() -> bytes:
    body = para(run("Text &ent; here."))
    prefix = '<!DOCTYPE w:document [<!ENTITY ent "expanded">]>'
    return docx(body.replace("&amp;ent;", "&ent;"), document_prefix=prefix)


def zip_bomb_docx() -> bytes:
    """A .docx with a member that unpacks to 300 MB of zeros (packs to about 300 KB)."""
    buffer = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(docx(para(run("Small text.")))))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in base.infolist():
            package.writestr(info, base.read(info))
        huge = zipfile.ZipInfo("word/media/huge.bin")
        huge.compress_type = zipfile.ZIP_DEFLATED
        with package.open(huge, "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


def many_members_docx() -> bytes:
    extra = {f"customXml/item{i}.bin": b"x" for i in range(2100)}
    return docx(para(run("Small text.")), extra=extra)


def ratio_bomb_docx() -> bytes:
    """A .docx with a 20 MB member of zeros that packs to about 20 KB (a small zip bomb)."""
    buffer = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(docx(para(run("Small text.")))))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in base.infolist():
            package.writestr(info, base.read(info))
        package.writestr(
            zipfile.ZipInfo("word/media/zeros.bin"), bytes(20 * 1024 * 1024), zipfile.ZIP_DEFLATED
        )
    return buffer.getvalue()


def linked_image_docx(url: str = "https://img.example/harbour.png") -> bytes:
    """Return a .docx with a paragraph and an image linked (not embedded) from URL."""
    body = para(run("The boats left before the light came up."))
    body += para(
        image("rIdRemote", "Boats leaving the harbour").replace(
            'r:embed="rIdRemote"', 'r:link="rIdRemote"'
        )
    )
    return docx(
        body,
        extra_rels=[
            f'<Relationship Id="rIdRemote" Type="{R}/image" Target="{escape(url)}" '
            'TargetMode="External"/>'
        ],
    )


NEWSROOM_STYLES = [
    ("Kicker", "Kicker", "paragraph"),
    ("Byline", "Byline", "paragraph"),
    ("PullQuote", "Pull Quote", "paragraph"),
    ("SubHead", "Sub Head", "paragraph"),
    ("EditorNote", "Editor Note", "paragraph"),
    ("KeyTerm", "Key Term", "character"),
]
"""A newsroom's own styles, which Word knows only by name (no outline level)."""


def newsroom_docx() -> bytes:
    """Return a .docx written in a newsroom's own styles (see NEWSROOM_STYLES)."""
    body = "".join(
        [
            para(run("Harbours"), style="Kicker"),
            para(run("By Ana Ribeiro and Tom Hale"), style="Byline"),
            para(
                run("The council approved the "),
                run("dredging plan", style="KeyTerm"),
                run(" on Tuesday after a long debate."),
            ),
            para(run("We cannot wait another winter."), style="PullQuote"),
            para(run("What happens next"), style="SubHead"),
            para(run("Check the figures with the council before we run this."), style="EditorNote"),
            para(run("Work starts in the spring and should take two years.")),
        ]
    )
    return docx(body, extra_styles=NEWSROOM_STYLES)
