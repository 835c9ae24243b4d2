#!/usr/bin/env python3
"""Writes the .xlsx fixtures of the XLSX reader's tests into a folder.

    make_fixtures.py OUTDIR

Deterministic: the zip entries carry a fixed timestamp and openpyxl's document properties
a fixed time, so every run writes byte-identical files.

Two kinds of workbook:
  - written by openpyxl (python3-openpyxl), as a program exporting spreadsheets writes them:
    inline strings, dates through number formats, numeric phones and ID numbers, two
    sheets, a workbook in the 1904 date system;
  - written part by part with zipfile, for what openpyxl cannot write and Excel does:
    shared strings with rich-text runs and phonetic runs, error cells, formulas with cached
    values, cells without references, the built-in Chinese date formats, and the bad
    inputs: an encrypted workbook (an OLE compound file), an .xls file, a CSV file named
    .xlsx, a damaged zip, zip bombs, XML nested too deep, a DTD, a sheet with no rows.
"""

import datetime as dt
import io
import re
import struct
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_PROPERTY_TIME = "2026-01-01T00:00:00Z"

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


# ---------------------------------------------------------------------------------------
# Zip archives, byte-identical on every run

def zip_parts(parts, compression=zipfile.ZIP_DEFLATED):
    """A zip archive of (name, bytes) parts in this order, with fixed metadata."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = compression
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def openpyxl_bytes(workbook):
    """What openpyxl saves, re-zipped with fixed times."""
    raw = io.BytesIO()
    workbook.save(raw)
    parts = []
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", FIXED_PROPERTY_TIME.encode(),
                              data)
            parts.append((info.filename, data))
    return zip_parts(parts)


# ---------------------------------------------------------------------------------------
# Workbooks written part by part, the way Excel writes them

class Book:
    """A workbook with shared strings and styles, as Excel saves it."""

    def __init__(self, date1904=False, sheet_folder="worksheets", absolute_targets=False):
        self.date1904 = date1904
        self.sheet_folder = sheet_folder
        self.absolute_targets = absolute_targets
        self.strings = []          # inner XML of each <si>
        self.string_index = {}
        self.numfmts = []          # (id, code) of custom formats
        self.xf_formats = [0]      # numFmtId of each cellXfs entry; 0 is General
        self.sheets = []           # (name, file name, sheet XML)

    def shared(self, inner_xml):
        """The index of a shared string given as the inner XML of its <si>."""
        if inner_xml not in self.string_index:
            self.string_index[inner_xml] = len(self.strings)
            self.strings.append(inner_xml)
        return self.string_index[inner_xml]

    def text(self, ref, value):
        """A cell holding a shared string."""
        return f'<c r="{ref}" t="s"><v>{self.shared("<t>" + escape(value) + "</t>")}</v></c>'

    def style(self, fmt):
        """The cellXfs index of a number format: a built-in id or a custom code."""
        if isinstance(fmt, str):
            ids = [i for i, code in self.numfmts if code == fmt]
            if ids:
                fmt_id = ids[0]
            else:
                fmt_id = 164 + len(self.numfmts)
                self.numfmts.append((fmt_id, fmt))
        else:
            fmt_id = fmt
        if fmt_id not in self.xf_formats:
            self.xf_formats.append(fmt_id)
        return self.xf_formats.index(fmt_id)

    def sheet(self, name, rows_xml, file_name=None, head=""):
        file_name = file_name or f"sheet{len(self.sheets) + 1}.xml"
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
               f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{head}'
               f'<sheetData>{rows_xml}</sheetData></worksheet>')
        self.sheets.append((name, file_name, xml))

    def parts(self):
        header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        overrides = "".join(
            f'<Override PartName="/xl/{self.sheet_folder}/{f}" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for _, f, _ in self.sheets)
        content_types = (
            header + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + '</Types>')
        package_rels = (
            header + f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        sheets = "".join(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" '
                         f'sheetId="{i + 1}" r:id="rId{i + 3}"/>'
                         for i, (name, _, _) in enumerate(self.sheets))
        pr = '<workbookPr date1904="1"/>' if self.date1904 else '<workbookPr/>'
        workbook = (header + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{pr}'
                    f'<sheets>{sheets}</sheets></workbook>')
        prefix = "/xl/" if self.absolute_targets else ""
        sheet_rels = "".join(
            f'<Relationship Id="rId{i + 3}" Type="{REL_NS}/worksheet" '
            f'Target="{prefix}{self.sheet_folder}/{f}"/>' for i, (_, f, _) in enumerate(self.sheets))
        workbook_rels = (
            header + f'<Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/styles" Target="{prefix}styles.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" '
            f'Target="{prefix}sharedStrings.xml"/>{sheet_rels}</Relationships>')
        numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                          for i, c in self.numfmts)
        xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"'
                      f'{" applyNumberFormat=" + chr(34) + "1" + chr(34) if i else ""}/>'
                      for i in self.xf_formats)
        styles = (header + f'<styleSheet xmlns="{MAIN_NS}">'
                  f'<numFmts count="{len(self.numfmts)}">{numfmts}</numFmts>'
                  '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
                  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
                  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                  '</borders>'
                  # cellStyleXfs are styles' own formats, not the cells': a date format here
                  # must not make a number a date.
                  '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                  f'<cellXfs count="{len(self.xf_formats)}">{xfs}</cellXfs></styleSheet>')
        shared = (header + f'<sst xmlns="{MAIN_NS}" count="{len(self.strings)}" '
                  f'uniqueCount="{len(self.strings)}">'
                  + "".join(f"<si>{s}</si>" for s in self.strings) + "</sst>")
        parts = [("[Content_Types].xml", content_types), ("_rels/.rels", package_rels),
                 ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbook_rels),
                 ("xl/styles.xml", styles), ("xl/sharedStrings.xml", shared)]
        parts += [(f"xl/{self.sheet_folder}/{f}", xml) for _, f, xml in self.sheets]
        return [(name, data.encode("utf-8")) for name, data in parts]

    def bytes(self):
        return zip_parts(self.parts())


def row(number, *cells):
    return f'<row r="{number}">{"".join(cells)}</row>'


def num(ref, value, style=0):
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def central_entry(data, name):
    """The offset of a part's entry in the central directory of a zip archive."""
    at = data.rfind(b"PK\x05\x06")
    at = struct.unpack_from("<I", data, at + 16)[0]  # the directory's offset
    while data[at:at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + name_length] == name.encode():
            return at
        at += 46 + name_length + extra_length + comment_length
    raise KeyError(name)


# ---------------------------------------------------------------------------------------
# OLE compound files (encrypted workbooks, .xls)

def compound_file(streams):
    """A minimal OLE compound file (MS-CFB, version 3) holding `streams` [(name, bytes)],
    each in regular 512-byte sectors (at least 4096 bytes, so none is in the mini stream)."""
    sector = 512
    end_of_chain, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = []
    fat = [fat_sector, end_of_chain]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for _, data in streams:
        assert len(data) >= 4096
        padded = data + b"\0" * (-len(data) % sector)
        count = len(padded) // sector
        first = 2 + len(data_sectors)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [end_of_chain]
        data_sectors += [padded[i * sector:(i + 1) * sector] for i in range(count)]
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name, kind, left, right, child, start, size):
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, left,
                                                       right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    none = 0xFFFFFFFF
    # The red-black tree of the root's children, all black: a chain of right siblings in
    # the order of the format (shorter names first).
    directory = entry("Root Entry", 5, none, none, 1, end_of_chain, 0)
    for i, (name, data) in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else none
        directory += entry(name, 2, none, right, none, starts[i], len(data))
    while len(directory) < sector:
        directory += b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, none, none, none) + b"\0" * 52
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data_sectors)


def filler(length, seed):
    """Deterministic bytes that look random (a linear congruential generator)."""
    out = bytearray()
    state = seed
    while len(out) < length:
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(state >> 16 & 0xFF)
    return bytes(out)


# ---------------------------------------------------------------------------------------
# The fixtures

def openpyxl_types():
    """Every kind of value openpyxl writes, on Sheet1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["姓名", "手机", "生日", "身份证号", "金额", "布尔", "时间", "公式"])
    ws.append(["张伟", 13812340001, dt.date(1990, 3, 7), 110101199003071234, 1234.5, True,
               dt.datetime(2024, 3, 5, 14, 30, 0), "=1+2"])
    # Row 3 is missing; row 4 has gaps and columns beyond Z.
    ws["A4"] = "A列"
    ws["C4"] = "C列"
    ws["AA4"] = "AA列"
    ws["AB4"] = 27
    # Row 5: dates in several number formats.
    formats = ['yyyy"年"m"月"d"日"', "mm-dd-yy", '[$-804]yyyy"年"m"月"d"日";@', "d-mmm-yy",
               "yyyy/m/d h:mm", "h:mm"]
    for column, fmt in enumerate(formats, start=1):
        cell = ws.cell(row=5, column=column)
        cell.value = dt.time(14, 30) if fmt == "h:mm" else dt.datetime(2024, 3, 5, 9, 15)
        cell.number_format = fmt
    # Row 6: numbers.
    for column, value in enumerate([0.5, -7, 1e-7, 123456789012345, 1234567890123456,
                                    0.1 + 0.2, -0.0], start=1):
        ws.cell(row=6, column=column, value=value)
    # Row 7: serials around the fictitious 29 February 1900, shown as dates.
    for column, value in enumerate([1, 59, 60, 61, 0, -1], start=1):
        cell = ws.cell(row=7, column=column, value=value)
        cell.number_format = "yyyy-mm-dd"
    # Row 8 stays blank: a styled cell with no value.
    ws["B8"].number_format = "yyyy-mm-dd"
    ws["A9"] = "最后"
    return openpyxl_bytes(wb)


def openpyxl_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["日期", "日期时间"])
    ws.append([dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 8, 0, 0)])
    ws.append([dt.date(1904, 1, 1), dt.datetime(1904, 1, 2, 12, 0, 0)])
    return openpyxl_bytes(wb)


def openpyxl_two_sheets():
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "客户"
    first.append(["姓名", "手机"])
    first.append(["张伟", "13812340001"])
    second = wb.create_sheet("旧客户")
    second.append(["姓名", "手机"])
    second.append(["李娜", "13912340002"])
    second.append(["王芳", "13712340003"])
    return openpyxl_bytes(wb)


def excel_style():
    """What Excel writes and openpyxl cannot: shared strings with rich text and phonetic
    runs, escapes, inline strings, errors, formulas with cached values, cells without a
    reference, built-in Chinese date formats; sheets in a folder of their own, targets
    given as absolute part names."""
    book = Book(sheet_folder="sheets", absolute_targets=True)
    rich = book.shared('<r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">伟 </t></r>'
                       '<rPh sb="0" eb="1"><t>ちょう</t></rPh><phoneticPr fontId="1"/>')
    escaped = book.shared("<t>第一行_x000D_\n第二行 _x005F_x0041_ _xD83D__xDE00_</t>")
    header = "".join(book.text(f"{c}1", h) for c, h in zip("ABCDEFGH", [
        "姓名", "备注", "错误", "公式文本", "公式数字", "公式布尔", "公式错误", "内联"]))
    rows = [
        row(1, header),
        row(2, f'<c r="A2" t="s"><v>{rich}</v></c>', f'<c r="B2" t="s"><v>{escaped}</v></c>',
            '<c r="C2" t="e"><v>#N/A</v></c>',
            '<c r="D2" t="str"><f>A2&amp;"先生"</f><v>张伟 先生</v></c>',
            '<c r="E2"><f>1+2</f><v>3</v></c>',
            '<c r="F2" t="b"><f>TRUE()</f><v>1</v></c>',
            '<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            '<c r="H2" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r>'
            '<rPh sb="0" eb="1"><t>ない</t></rPh></is></c>'),
        # No references at all: cells follow one another from column A, rows from the last.
        '<row><c t="s"><v>' + str(book.shared("<t>无引用</t>")) + '</v></c><c><v>42</v></c>'
        '<c t="b"><v>0</v></c></row>',
        row(4, num("A4", 45356, book.style(31)), num("B4", 45356, book.style(57)),
            num("C4", 45356, book.style(58)), num("D4", 45356.5, book.style(22)),
            num("E4", 0.75, book.style(20)), num("F4", 45356, book.style("yyyy/mm/dd")),
            num("G4", 45356, book.style("0.00")), num("H4", 45356, book.style(14))),
    ]
    book.sheet("客户资料", "".join(rows), file_name="data.xml",
               head='<dimension ref="A1:H4"/><cols><col min="1" max="8" width="9"/></cols>')
    return book.bytes()


def my_sheet():
    """A sheet whose name needs quotes in a reference: 'My Sheet'!B2."""
    book = Book()
    book.sheet("My Sheet", row(1, book.text("A1", "姓名"), book.text("B1", "手机"))
               + row(2, book.text("A2", "张伟"), num("B2", 1381234)))
    return book.bytes()


def no_rows():
    book = Book()
    book.sheet("Empty", "")
    return book.bytes()


def blank_rows():
    """Rows that hold nothing: styled cells without values, empty strings."""
    book = Book()
    style = book.style(14)
    book.sheet("Blank", row(1, f'<c r="A1" s="{style}"/>') + row(2, book.text("B2", ""))
               + '<row r="3"/>')
    return book.bytes()


def not_workbook():
    """A zip archive that is some other document."""
    return zip_parts([("word/document.xml", b"<document/>"), ("mimetype", b"text/plain")])


def bomb():
    """A workbook whose sheet unpacks about a thousand times (20 MB of spaces)."""
    book = Book()
    book.sheet("Sheet1", row(1, book.text("A1", "姓名")) + " " * 20_000_000)
    return book.bytes()


def lying_bomb():
    """The bomb again, its zip headers claiming that the sheet unpacks to 2,000 bytes: the
    caps must count what is decompressed, not what the directory says."""
    data = bytearray(bomb())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 2000)  # local header
    struct.pack_into("<I", data, central_entry(data, "xl/worksheets/sheet1.xml") + 24, 2000)
    return bytes(data)


def many_entries():
    """A workbook with 10,001 files in its zip archive."""
    book = Book()
    book.sheet("Sheet1", row(1, book.text("A1", "姓名")))
    parts = book.parts() + [(f"xl/media/image{i}.bin", b"") for i in range(10_001)]
    return zip_parts(parts, compression=zipfile.ZIP_STORED)


def deep():
    """A sheet nesting elements 100 deep inside a cell."""
    book = Book()
    book.sheet("Sheet1", row(1, '<c r="A1" t="inlineStr"><is>' + "<r>" * 100 + "</r>" * 100
                             + "</is></c>"))
    return book.bytes()


def dtd():
    """A workbook part with a DTD that defines entities (billion laughs)."""
    book = Book()
    book.sheet("Sheet1", row(1, book.text("A1", "姓名")))
    laughs = ('<!DOCTYPE workbook [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    parts = []
    for name, data in book.parts():
        if name == "xl/workbook.xml":
            data = data.replace(b"?>\r\n", b"?>\r\n" + laughs.encode(), 1)
        parts.append((name, data))
    return zip_parts(parts)


def bad_xml():
    """A sheet that is not well-formed XML."""
    book = Book()
    book.sheet("Sheet1", row(1, book.text("A1", "姓名")) + "<row r='2'><c r='A2'><v>1</v></row>")
    return book.bytes()


def damaged():
    """The central directory cut off: the second half of the archive is missing."""
    whole = excel_style()
    return whole[:len(whole) // 2]


def damaged_data():
    """The archive is whole but the sheet's CRC-32 is wrong in both headers: the data does
    not match what the archive says it is."""
    book = Book()
    book.sheet("Sheet1", "".join(row(i, book.text(f"A{i}", f"客户{i}"), num(f"B{i}", i))
                                 for i in range(1, 2001)))
    data = bytearray(book.bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    wrong = info.CRC ^ 0x5A5A5A5A
    struct.pack_into("<I", data, info.header_offset + 14, wrong)  # local header
    at = central_entry(data, "xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, at + 16, wrong)
    return bytes(data)


def encrypted():
    """A password-protected workbook: an OLE compound file with EncryptionInfo and
    EncryptedPackage streams (MS-OFFCRYPTO agile encryption)."""
    info = (struct.pack("<HHI", 4, 4, 0x40)
            + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
              b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
              b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
              b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
              b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    package = struct.pack("<Q", 8192) + filler(8192, 7)
    return compound_file([("EncryptionInfo", info.ljust(4096, b"\0")),
                          ("EncryptedPackage", package)])


def old_xls():
    """An Excel 97-2003 workbook: an OLE compound file with a Workbook stream."""
    return compound_file([("Workbook", struct.pack("<HHHH", 0x0809, 8, 0x0600, 0x0005)
                           + filler(4096, 3))])


def import_good():
    """Customers as a clerk's workbook holds them: a second sheet of old customers, mobiles
    stored as numbers, birthdays in a Chinese date format, an empty cell in the middle."""
    book = Book()
    header = row(1, *(book.text(f"{c}1", h) for c, h in zip("ABCDEFG", [
        "姓名", "手机", "性别", "生日", "区域", "跟进人", "客户等级"])))
    birthday = book.style(31)
    slashes = book.style("yyyy/m/d")
    rows = [
        row(2, book.text("A2", "张伟"), num("B2", 13812340001), book.text("C2", "男"),
            num("D2", 32939, birthday), book.text("E2", "SH"), book.text("F2", "王芳"),
            book.text("G2", "A")),
        row(3, book.text("A3", "李娜"), book.text("B3", "139 1234 0002"), book.text("C3", "女"),
            num("D3", 33000, slashes), book.text("F3", "王芳"), book.text("G3", "B")),
        row(4, book.text("A4", "上海建材有限公司"), num("B4", 13712340003)),
    ]
    book.sheet("客户", header + "".join(rows))
    book.sheet("旧客户", row(1, book.text("A1", "姓名")) + row(2, book.text("A2", "赵磊")))
    return book.bytes()


def import_rejects():
    """Bad values at known cells: a short mobile at Sheet1!D7, an error value at E5."""
    book = Book()
    header = row(1, *(book.text(f"{c}1", h) for c, h in zip("ABCDE", [
        "姓名", "性别", "区域", "手机", "生日"])))
    date = book.style(14)
    rows = []
    for n, (name, mobile) in enumerate([("张伟", 13812340001), ("李娜", 13912340002),
                                        ("王芳", 13712340003), ("赵磊", 13612340004),
                                        ("刘洋", 13512340005), ("陈静", 1381234)], start=2):
        birthday = ('<c r="E5" t="e"><f>VLOOKUP(A5,Sheet2!A:B,2,FALSE)</f><v>#N/A</v></c>'
                    if n == 5 else num(f"E{n}", 32939 + n, date))
        rows.append(row(n, book.text(f"A{n}", name), book.text(f"B{n}", "男"),
                        book.text(f"C{n}", "KH"), num(f"D{n}", mobile), birthday))
    book.sheet("Sheet1", header + "".join(rows))
    return book.bytes()


def import_id_number():
    """An ID number Excel stored as a number: its last three digits are gone."""
    book = Book()
    book.sheet("Sheet1", row(1, book.text("A1", "姓名"), book.text("B1", "手机"),
                             book.text("C1", "身份证号"))
               + row(2, book.text("A2", "张伟"), num("B2", 13812340001),
                     num("C2", "1.1010119900307101E+17"))
               + row(3, book.text("A3", "李娜"), num("B3", 13912340002),
                     book.text("C3", "110101199003071233")))
    return book.bytes()


def csv_named_xlsx():
    return "姓名,手机\r\n张伟,13812340001\r\n".encode("utf-8")


FIXTURES = {
    "openpyxl_types.xlsx": openpyxl_types,
    "date1904.xlsx": openpyxl_1904,
    "two_sheets.xlsx": openpyxl_two_sheets,
    "excel_style.xlsx": excel_style,
    "my_sheet.xlsx": my_sheet,
    "no_rows.xlsx": no_rows,
    "blank_rows.xlsx": blank_rows,
    "not_workbook.xlsx": not_workbook,
    "bomb.xlsx": bomb,
    "lying_bomb.xlsx": lying_bomb,
    "many_entries.xlsx": many_entries,
    "deep.xlsx": deep,
    "dtd.xlsx": dtd,
    "bad_xml.xlsx": bad_xml,
    "damaged.xlsx": damaged,
    "damaged_data.xlsx": damaged_data,
    "encrypted.xlsx": encrypted,
    "old_format.xlsx": old_xls,
    "csv_named.xlsx": csv_named_xlsx,
    "import_good.xlsx": import_good,
    "import_rejects.xlsx": import_rejects,
    "import_id_number.xlsx": import_id_number,
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURES.items():
        data = make()
        target = out / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)


if __name__ == "__main__":
    main()
