#!/usr/bin/env python3
"""mkpptx.py - the parts of small PowerPoint packages for the tests,
written at run time (standard library only; the reviewed example deck is
fixtures/pptx/deck.pptx.d/, zipped by the build).

    parts = mkpptx.deck([["(S//NF) First slide."], ["(U) Second."]])
    # [(name, bytes), ...] in the order a producer writes them

order gives the presentation order as indexes into slides (default: as
given); slide_xml replaces a slide's XML (hostile tests).
"""

import zipfile

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships" xmlns:p="http://schemas.openxmlformats.org/'
      'presentationml/2006/main"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PML = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN_CT = PML + "presentation.main+xml"


def esc(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def slide(texts):
    """A slide with one text box per text."""
    shapes = "".join(
        f'<p:sp><p:nvSpPr><p:cNvPr id="{i + 2}" name="TextBox {i + 1}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody>'
        f'<a:bodyPr/><a:p><a:r><a:t>{esc(t)}</a:t></a:r></a:p></p:txBody>'
        f'</p:sp>' for i, t in enumerate(texts))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:sld {NS}><p:cSld>'
            f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
            f'<p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree>'
            f'</p:cSld></p:sld>').encode()


def rels(items):
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>'
                   for i, t, g in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{body}</Relationships>').encode()


def deck(slides, order=None, main_ct=MAIN_CT, slide_xml=None,
         sld_ids=None):
    """The parts of a deck; sld_ids replaces the p:sldIdLst content."""
    order = list(range(len(slides))) if order is None else order
    slide_xml = slide_xml or {}
    overrides = "".join(
        f'<Override PartName="/ppt/slides/slide{i + 1}.xml" ContentType='
        f'"{PML}slide+xml"/>' for i in range(len(slides)))
    ct = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://'
          'schemas.openxmlformats.org/package/2006/content-types"><Default '
          'Extension="rels" ContentType="application/vnd.openxmlformats-'
          'package.relationships+xml"/><Default Extension="xml" '
          'ContentType="application/xml"/><Override PartName="/ppt/'
          f'presentation.xml" ContentType="{main_ct}"/>{overrides}</Types>')
    if sld_ids is None:
        sld_ids = "".join(f'<p:sldId id="{256 + k}" r:id="rId{i + 1}"/>'
                          for k, i in enumerate(order))
    pres = (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:presentation {NS}>'
            f'<p:sldIdLst>{sld_ids}</p:sldIdLst></p:presentation>').encode()
    parts = [("[Content_Types].xml", ct.encode()),
             ("_rels/.rels", rels([("rId1", REL + "/officeDocument",
                                    "ppt/presentation.xml")])),
             ("ppt/presentation.xml", pres),
             ("ppt/_rels/presentation.xml.rels", rels(
                 [(f"rId{i + 1}", REL + "/slide", f"slides/slide{i + 1}.xml")
                  for i in range(len(slides))]))]
    for i, texts in enumerate(slides):
        parts.append((f"ppt/slides/slide{i + 1}.xml",
                      slide_xml.get(i) or slide(texts)))
    return parts


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
