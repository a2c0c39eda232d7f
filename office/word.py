"""Writes an administrative document in the layout of Decree 30/2020 (office/layout.py) with python-docx.

A caller describes the document (who issues it, under whom, its number and symbol, place and date, type and
subject, who signs and for whom, where it goes) and adds its body: paragraphs, headings, tables. The layer does the
page, the heading, the signature block, page numbers, the language and the file's properties, so every document the
system writes looks the same and a report for another law (TT 14/2014 Mẫu 12, …) is only its body.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from . import layout

CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Signer:
    """Who signs: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Lê Văn Phúc". `authority` is one of layout.AUTHORITIES or empty
    (the head signs in their own right); `signs_for` is the title or body signed for ("Giám đốc", "Ủy ban nhân dân")."""

    name: str
    title: str = ""
    authority: str = ""
    signs_for: str = ""

    def lines(self):
        """The upper-case lines above the signature, as the Decree writes them."""
        lines = []
        if self.authority and self.signs_for:
            lines.append(f"{self.authority} {self.signs_for.upper()}")
        if self.title:
            lines.append(self.title.upper())
        return lines


@dataclass
class Heading:
    issuer: str  # "Sở Khoa học và Công nghệ"
    superior: str = ""  # "UBND tỉnh Đồng Tháp" (cơ quan chủ quản trực tiếp)
    number_symbol: str = ""  # "Số: …/BC-SKHCN"
    place: str = ""  # "Đồng Tháp"
    day: datetime.date = None
    doc_type: str = ""  # "BÁO CÁO"
    subject: str = ""  # "Kết quả thực hiện …"
    recipients: list = field(default_factory=list)  # "Bộ Khoa học và Công nghệ", …, the last one "Lưu: VT, …"


def _text_width(text, size):
    """An estimate of the printed width of `text` in Times New Roman bold at `size` (EMU): average advance widths
    of the font's capitals, small letters and spaces. Used only to draw a rule about as long as a line of text."""
    em = 0
    for char in text:
        if char == " ":
            em += 0.25
        elif char.isupper():
            em += 0.72
        elif char in "ilj.,;:-'|":
            em += 0.3
        elif char in "mw":
            em += 0.8
        else:
            em += 0.5
    return Emu(int(em * size))


def _set_run(run, *, size, bold=False, italic=False):
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, size, layout.FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
    return run


def _rule_after(paragraph, *, length, width):
    """A solid rule under `paragraph`, `length` long and centred in a space `width` wide: the bottom border of an
    empty 1 pt paragraph of its own between indents (the text above keeps its full width; a border moves with the
    text in every office suite, unlike a drawn shape). Returns the rule's paragraph."""
    rule = paragraph.insert_paragraph_before()
    paragraph._p.addnext(rule._p)  # insert_paragraph_before then move: python-docx has no "insert after"
    side = max(Emu(0), Emu(int((width - length) / 2)))
    fmt = rule.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    fmt.keep_with_next = True
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(layout.RULE_EIGHTHS_OF_POINT)),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)
    _set_run(rule.add_run(""), size=Pt(1))
    return rule


def _field(paragraph, code, *, size):
    """A field (PAGE) the office suite computes when it lays out the page: begin, instruction, separate, the last
    computed value, end, each in its own run as Word writes them."""

    def run_with(element):
        run = _set_run(paragraph.add_run(), size=size)
        run._r.append(element)

    for kind in ("begin", "instr", "separate", "value", "end"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} \\* MERGEFORMAT "
        elif kind == "value":
            element = OxmlElement("w:t")
            element.text = "2"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run_with(element)


def _no_borders(table):
    """A layout table (heading, signature): no borders and no inner cell margins, so its columns hold their text."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _fixed_layout(table, widths):
    """Column widths written where every office suite reads them (tblGrid, each cell, a fixed layout)."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout_element = OxmlElement("w:tblLayout")
    layout_element.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout_element)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


class AdministrativeDocument:
    """One document: build it with the heading, add the body, then `signature()` and `save()`."""

    def __init__(self, heading: Heading, *, author="", language=layout.LANGUAGE):
        self.heading = heading
        self.document = Document()
        self._page()
        self._styles(language)
        self._properties(heading, author, language)
        self._write_heading()

    # --- the page and the file ----------------------------------------------------------------------------------

    def _page(self):
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = layout.PAGE_WIDTH, layout.PAGE_HEIGHT
        section.top_margin, section.bottom_margin = layout.MARGIN_TOP, layout.MARGIN_BOTTOM
        section.left_margin, section.right_margin = layout.MARGIN_LEFT, layout.MARGIN_RIGHT
        section.header_distance = layout.HEADER_DISTANCE
        # Page numbers from the second page: the first page has its own (empty) header.
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = CENTER
        _field(number, "PAGE", size=layout.PAGE_NUMBER_SIZE)
        self.text_width = section.page_width - section.left_margin - section.right_margin

    def _styles(self, language):
        styles = self.document.styles
        for name in ("Normal", "Header", "Footer", "Table Grid"):
            style = styles[name]
            style.font.name = layout.FONT
            rpr = style.element.get_or_add_rPr()
            rpr.get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
            rpr.get_or_add_rFonts().set(qn("w:cs"), layout.FONT)
        styles["Normal"].font.size = layout.BODY_SIZE
        styles["Normal"].paragraph_format.space_after = Pt(0)
        # The document's language: spelling is checked as Vietnamese (the defaults every style inherits).
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for holder in (rpr, styles["Normal"].element.get_or_add_rPr()):
            lang = holder.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                holder.append(lang)
            for key in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(key), language)
            fonts = holder.find(qn("w:rFonts"))
            if fonts is not None:
                for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(key), None)
                for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(key), layout.FONT)
        settings = self.document.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), language)

    def _properties(self, heading, author, language):
        now = timezone.now().replace(microsecond=0)
        props = self.document.core_properties
        props.title = " ".join(part for part in (heading.doc_type.capitalize(), heading.subject) if part)
        props.subject = heading.subject
        props.author = author or heading.issuer
        props.last_modified_by = author or heading.issuer
        props.comments = ""
        props.keywords = heading.doc_type
        props.category = heading.doc_type
        props.language = language
        props.created = props.modified = now
        for element in list(props._element):  # python-docx's own template was "printed" in 2013
            if element.tag.endswith("}lastPrinted"):
                props._element.remove(element)
        props.revision = 1
        props.identifier = heading.number_symbol
        props.content_status = ""

    # --- the heading ----------------------------------------------------------------------------------------------

    def _paragraph_in(self, cell, text, *, size, bold=False, italic=False, first=False, align=CENTER):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = align
        if text:
            _set_run(paragraph.add_run(text), size=size, bold=bold, italic=italic)
        return paragraph

    def _write_heading(self):
        h = self.heading
        table = self.document.add_table(rows=2, cols=2)
        _no_borders(table)
        widths = (layout.HEADING_LEFT, layout.HEADING_RIGHT)
        _fixed_layout(table, widths)
        left, right = table.cell(0, 0), table.cell(0, 1)
        if h.superior:
            self._paragraph_in(left, h.superior.upper(), size=layout.SUPERIOR_SIZE, first=True)
        issuer = self._paragraph_in(left, h.issuer.upper(), size=layout.ISSUER_SIZE, bold=True, first=not h.superior)
        issuer_width = _text_width(h.issuer.upper(), layout.ISSUER_SIZE)
        self.issuer_rule = _rule_after(
            issuer, length=min(widths[0], Emu(int(min(issuer_width, widths[0]) * 0.45))), width=widths[0]
        )
        self.issuer_paragraph = issuer
        national = self._paragraph_in(right, NATIONAL_TITLE, size=layout.NATIONAL_TITLE_SIZE, bold=True, first=True)
        national.paragraph_format.keep_with_next = True
        motto = self._paragraph_in(right, MOTTO, size=layout.MOTTO_SIZE, bold=True)
        self.motto_rule = _rule_after(motto, length=_text_width(MOTTO, layout.MOTTO_SIZE), width=widths[1])
        self.motto_paragraph = motto
        self.national_paragraph = national
        number = self._paragraph_in(table.cell(1, 0), h.number_symbol, size=layout.NUMBER_SIZE, first=True)
        number.paragraph_format.space_before = Pt(6)
        if h.day:
            place = self._paragraph_in(
                table.cell(1, 1),
                f"{h.place}, {layout.document_date(h.day)}",
                size=layout.PLACE_DATE_SIZE,
                italic=True,
                first=True,
            )
            place.paragraph_format.space_before = Pt(6)
        if h.doc_type:
            self.paragraph(
                h.doc_type.upper(),
                size=layout.DOC_TYPE_SIZE,
                bold=True,
                align=CENTER,
                indent=False,
                space_before=Pt(18),
            )
        if h.subject:
            subject = self.paragraph(h.subject, size=layout.SUBJECT_SIZE, bold=True, align=CENTER, indent=False)
            line = min(_text_width(h.subject, layout.SUBJECT_SIZE), self.text_width)
            self.subject_rule = _rule_after(subject, length=Emu(int(line * 0.4)), width=self.text_width)
            self.subject_rule.paragraph_format.space_after = Pt(12)
            self.subject_paragraph = subject

    # --- the body -----------------------------------------------------------------------------------------------

    def paragraph(
        self,
        text="",
        *,
        size=layout.BODY_SIZE,
        bold=False,
        italic=False,
        align=JUSTIFY,
        indent=True,
        space_before=None,
        keep_with_next=False,
    ):
        """A body paragraph: justified, first line indented 1 cm, 6 pt apart (Decree 30/2020 Appendix I)."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = layout.FIRST_LINE_INDENT if indent else None
        fmt.space_after = layout.PARAGRAPH_SPACING
        fmt.line_spacing = layout.LINE_SPACING
        fmt.keep_with_next = keep_with_next
        if space_before is not None:
            fmt.space_before = space_before
        if text:
            _set_run(paragraph.add_run(text), size=size, bold=bold, italic=italic)
        return paragraph

    def section_heading(self, text):
        """ "I. KẾT QUẢ …": bold, indented as the body, kept with what follows."""
        return self.paragraph(text, bold=True, keep_with_next=True, space_before=Pt(6))

    def labelled(self, label, text):
        """ "Label: text" with the label in italics, justified as the body."""
        paragraph = self.paragraph()
        _set_run(paragraph.add_run(f"{label}: "), size=layout.BODY_SIZE, italic=True)
        _set_run(paragraph.add_run(text), size=layout.BODY_SIZE)
        return paragraph

    def table(self, headers, rows, *, widths_mm, align=None, no_wrap=(), size=layout.TABLE_SIZE):
        """A grid table sized to its content: `widths_mm` per column (the caller knows what each holds); the header
        row is repeated on every page; no row splits across pages; columns in `no_wrap` (money) never break."""
        widths = [Mm(w) for w in widths_mm]
        rows = [["" if value is None else str(value) for value in row] for row in rows]
        for index in no_wrap:
            # An amount never breaks: its column is as wide as its longest value (with the cell's margins), taken
            # from the widest column.
            needed = Emu(int(max([_text_width(row[index], size) for row in rows] or [0]) * 1.1) + Mm(4))
            if needed > widths[index]:
                widest = max(range(len(widths)), key=lambda i: widths[i])
                widths[widest] -= needed - widths[index]
                widths[index] = needed
        align = align or [LEFT] * len(headers)
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        _fixed_layout(table, widths)
        header = table.rows[0]
        _row_properties(header, header_row=True)
        for cell, text in zip(header.cells, headers, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = CENTER
            _set_run(paragraph.add_run(text), size=size, bold=True)
        for values in rows:
            row = table.add_row()
            _row_properties(row)
            for index, (cell, width, text) in enumerate(zip(row.cells, widths, values, strict=False)):
                cell.width = width
                paragraph = cell.paragraphs[0]
                paragraph.alignment = align[index]
                _set_run(paragraph.add_run(text), size=size)
                if index in no_wrap:
                    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    # --- the end --------------------------------------------------------------------------------------------------

    def signature(self, signer: Signer):
        """ "Nơi nhận" on the left (12 pt label, 11 pt list), the signer on the right: authority and title in capitals,
        room for the signature and seal, the name (Decree 30/2020 Appendix I, Mẫu 1.4)."""
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _fixed_layout(table, (layout.SIGNATURE_LEFT, layout.SIGNATURE_RIGHT))
        _row_properties(table.rows[0])
        left, right = table.cell(0, 0), table.cell(0, 1)
        label = self._paragraph_in(
            left, "Nơi nhận:", size=layout.RECIPIENTS_LABEL_SIZE, bold=True, italic=True, first=True, align=LEFT
        )
        label.paragraph_format.space_before = Pt(12)
        recipients = self.heading.recipients
        for index, recipient in enumerate(recipients):
            end = "." if index == len(recipients) - 1 else ";"
            self._paragraph_in(left, f"- {recipient}{end}", size=layout.RECIPIENTS_SIZE, align=LEFT)
        lines = signer.lines()
        first = True
        for line in lines:
            paragraph = self._paragraph_in(right, line, size=layout.SIGNER_SIZE, bold=True, first=first)
            if first:
                paragraph.paragraph_format.space_before = Pt(12)
            first = False
        for _blank in range(4):  # the signature and the seal
            self._paragraph_in(right, "", size=layout.SIGNER_SIZE, first=first)
            first = False
        self.signer_paragraph = self._paragraph_in(right, signer.name, size=layout.SIGNER_SIZE, bold=True)
        return table

    def save(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _row_properties(row, *, header_row=False):
    """Rows never split across pages (w:cantSplit); the header row repeats on every page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header_row:
        properties.append(OxmlElement("w:tblHeader"))
