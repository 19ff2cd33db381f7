#!/usr/bin/python3
# b64img — the property tables of docs/reference.md and README.md against
# what gst-inspect-1.0 reports, both ways, and a doc block in the element's
# source for each of its own properties
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Fails, saying what to write where, when the documentation of a property
and the element disagree.

Values (type, range, default, mutability, enum nicks) come from
gst-inspect-1.0's output, what users see. Which properties are the
element's own (not its base class's) comes from GObject introspection.

Rules:
- docs/reference.md documents every property but `name` and `parent`:
  the element's own in the table under "## <element> properties", the
  base class's in the "Inherited from ..." table after it.
- README.md documents every property of the element's own in the table
  under "## <element> properties"; it may also list inherited ones.
- Whatever either documents must exist and match.
- Each own property has a doc block `GstB64ImgEnc:quality:` ... `Since:`
  in gst/<type name in lower case>.c.
"""
import os
import re
import sys

import gi

from b64imgtest import run

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELEMENTS = ["b64imgenc", "b64imgdec"]
SKIP = {"name", "parent"}  # GstObject's, on every element

REF = "docs/reference.md"
README = "README.md"

# ---- gst-inspect-1.0 ----------------------------------------------------

NUMERIC = {
    "Integer": "int",
    "Unsigned Integer": "uint",
    "Integer64": "int64",
    "Unsigned Integer64": "uint64",
    "Long": "long",
    "Unsigned Long": "ulong",
    "Float": "float",
    "Double": "double",
}


def mutability(flags):
    if "writable" not in flags:
        return "read-only"
    if "PLAYING" in flags:
        return "playing"
    if "PAUSED" in flags:
        return "paused"
    if "READY" in flags:
        return "ready"
    return "none"


def parse_type(line, prop):
    m = re.match(r"(%s)\. Range: (\S+) - (\S+) Default: (\S+)"
                 % "|".join(sorted(NUMERIC, key=len, reverse=True)), line)
    if m:
        prop.update(type=NUMERIC[m.group(1)], min=m.group(2),
                    max=m.group(3), default=m.group(4))
        return
    m = re.match(r"Boolean\. Default: (\S+)", line)
    if m:
        prop.update(type="bool", default=m.group(1))
        return
    m = re.match(r'(Enum|Flags) "[^"]+" Default: \S+, "([^"]*)"', line)
    if m:
        kind = m.group(1).lower()
        default = m.group(2)
        if kind == "flags":
            default = frozenset(default.split("+")) - {"(none)", ""}
        prop.update(type=kind, default=default, values=[])
        return
    m = re.match(r'String\. Default: (.*)', line)
    if m:
        d = m.group(1).strip()
        prop.update(type="string", default="null" if d in EMPTY else
                    d.strip('"'))
        return
    prop.update(type="other", default=line)


def inspect(element):
    """{name: {type, min, max, default, values, mutability, blurb}}"""
    r = run(["gst-inspect-1.0", element])
    if r.returncode != 0:
        sys.exit("gst-inspect-1.0 %s: %s" % (element, r.stderr.decode()))
    out = r.stdout.decode()
    section = out.split("Element Properties:", 1)[1]
    props, cur = {}, None
    for line in section.splitlines():
        m = re.match(r"^  ([a-z][a-z0-9-]*)\s*: (.*)$", line)
        if m:
            cur = props[m.group(1)] = {"blurb": m.group(2).strip()}
            continue
        if cur is None or not line.strip():
            if line and not line.startswith(" "):
                break  # the next section
            continue
        text = line.strip()
        if text.startswith("flags:"):
            cur["mutability"] = mutability(text)
        elif "type" not in cur:
            parse_type(text, cur)
        else:
            v = re.match(r"\((?:-?\d+|0x[0-9a-f]+)\): (\S+)", text)
            if v and "values" in cur:
                cur["values"].append(v.group(1))
    return props


def own_properties(element):
    e = Gst.ElementFactory.make(element, None)
    if e is None:
        sys.exit("cannot make %s: is GST_PLUGIN_PATH set?" % element)
    tname = type(e).__gtype__.name
    own = {p.name for p in e.list_properties() if p.owner_type.name == tname}
    every = {p.name for p in e.list_properties()}
    return tname, own, every


# ---- the documents ------------------------------------------------------

def tables(path, element):
    """Rows of the property tables in the section "## <element>
    properties", up to the next "## " heading: {name: (row, line no)}."""
    rows = {}
    inside = False
    header = None
    for no, line in enumerate(open(os.path.join(SRCDIR, path)), 1):
        if line.startswith("## "):
            inside = line.strip() == "## %s properties" % element
            header = None
            continue
        if not inside or not line.startswith("|"):
            header = None if inside and not line.startswith("|") else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        row = dict(zip(header, cells))
        name = row.get("property", "").strip("`")
        if name:
            rows[name] = (row, no)
    return rows


def doc_type(cell):
    """'int 1–100' -> (int, 1, 100, None); "enum `a` / `b`" -> values."""
    cell = cell.replace("\u2013", "-").replace("\u2212", "-")
    m = re.match(r"(u?int(?:64)?|u?long|float|double)\s+(-?[\d.]+)\s*-\s*"
                 r"(-?[\d.]+)$", cell)
    if m:
        return m.group(1), m.group(2), m.group(3), None
    m = re.match(r"(enum|flags)\s+(.*)$", cell)
    if m:
        return m.group(1), None, None, re.findall(r"`([^`]+)`", m.group(2))
    return cell.split()[0] if cell else "", None, None, None


EMPTY = {"null", "", "empty", '""'}  # a NULL or empty string


def doc_default(cell, kind):
    first = cell.split(" (")[0].strip().strip("`")
    if kind == "flags":
        return frozenset(first.split("+")) - {"(none)", ""}
    if kind == "string" and first in EMPTY:
        return "null"
    return first


def doc_mutability(cell):
    c = cell.upper()
    for word in ("PLAYING", "PAUSED", "READY"):
        if word in c:
            return word.lower()
    if "READ-ONLY" in c:
        return "read-only"
    return "none" if "NOT DECLARED" in c else "?" + cell


MUT_TEXT = {"playing": "NULL … PLAYING", "paused": "NULL … PAUSED",
            "ready": "NULL, READY", "none": "not declared",
            "read-only": "read-only"}


def type_cell(p):
    if p["type"] in ("enum", "flags"):
        return p["type"] + " " + " / ".join("`%s`" % v for v in p["values"])
    if "min" in p:
        return "%s %s–%s" % (p["type"], p["min"], p["max"])
    return p["type"]


def default_cell(p):
    d = p["default"]
    if p["type"] == "string" and d == "null":
        return "empty"
    if p["type"] == "flags":
        return "`%s`" % "+".join(sorted(d))
    return "`%s`" % d if p["type"] == "enum" else d


def row_for(name, p, with_mutability):
    cells = ["`%s`" % name, type_cell(p), default_cell(p)]
    if with_mutability:
        cells.append(MUT_TEXT[p["mutability"]])
    cells.append("<what it does; gst-inspect-1.0 says: %s>" % p["blurb"])
    return "| " + " | ".join(cells) + " |"


def compare(path, element, name, row, no, p, problems):
    where = "%s:%d (%s `%s`)" % (path, no, element, name)
    kind, lo, hi, values = doc_type(row.get("type", ""))
    if kind != p["type"]:
        problems.append("%s: type says %r, gst-inspect-1.0 says %s; write "
                        "'%s'" % (where, kind, p["type"], type_cell(p)))
        return
    if "min" in p and (lo, hi) != (p["min"], p["max"]):
        problems.append("%s: range says %s–%s, gst-inspect-1.0 says %s–%s"
                        % (where, lo, hi, p["min"], p["max"]))
    if values is not None and set(values) != set(p["values"]):
        problems.append("%s: values say %s, gst-inspect-1.0 says %s; write "
                        "'%s'" % (where, " / ".join(values),
                                  " / ".join(p["values"]), type_cell(p)))
    default = doc_default(row.get("default", ""), p["type"])
    if default != p["default"]:
        problems.append("%s: default says %s, gst-inspect-1.0 says %s; write "
                        "%s" % (where, row.get("default"), default_cell(p),
                                default_cell(p)))
    if "changeable in" in row:
        m = doc_mutability(row["changeable in"])
        if m != p["mutability"]:
            problems.append("%s: 'changeable in' says %s, gst-inspect-1.0's "
                            "flags say %s"
                            % (where, row["changeable in"],
                               MUT_TEXT[p["mutability"]]))


def check_doc(path, element, props, required, own, with_mutability,
              problems):
    rows = tables(path, element)
    if not rows:
        problems.append("%s has no property table under '## %s properties'"
                        % (path, element))
    for name, (row, no) in sorted(rows.items()):
        if name not in props:
            problems.append(
                "%s:%d documents %s property `%s`, which gst-inspect-1.0 "
                "does not list: remove or rename the row"
                % (path, no, element, name))
            continue
        compare(path, element, name, row, no, props[name], problems)
    for name in sorted(required - set(rows)):
        table = ("the first table under '## %s properties'" % element
                 if name in own else "the 'Inherited from' table under "
                 "'## %s properties'" % element)
        problems.append(
            "%s: %s property `%s` is not documented. Add this row to %s, "
            "with its meaning filled in:\n    %s"
            % (path, element, name, table,
               row_for(name, props[name], with_mutability)))


def check_doc_blocks(tname, own, problems):
    path = "gst/%s.c" % tname.lower()
    text = open(os.path.join(SRCDIR, path)).read()
    for name in sorted(own):
        m = re.search(r"/\*\*\s*\n\s*\*\s*%s:%s:\n(.*?)\*/"
                      % (tname, re.escape(name)), text, re.S)
        if not m or not re.search(r"Since: \d", m.group(1)):
            problems.append(
                "%s: property `%s` has no doc block with 'Since:'. Add, "
                "before its g_object_class_install_property ():\n"
                "  /**\n   * %s:%s:\n   *\n   * <what it does>\n   *\n"
                "   * Since: 1.0 (or the release that adds it)\n   */"
                % (path, name, tname, name))


def main():
    Gst.init(None)
    problems = []
    for element in ELEMENTS:
        props = inspect(element)
        tname, own, every = own_properties(element)
        # the parser must have seen every property GObject knows
        if set(props) != every:
            problems.append("gst-inspect-1.0 parse of %s: %s != %s"
                            % (element, sorted(props), sorted(every)))
        shown = set(props) - SKIP
        check_doc(REF, element, props, shown, own, True, problems)
        check_doc(README, element, props, own, own, False, problems)
        check_doc_blocks(tname, own, problems)
        print("%s: %d properties (%d own) checked in %s and %s"
              % (element, len(shown), len(own), REF, README))
    if problems:
        print("\n%d problem(s). Every property is documented three times: "
              "a row in %s (type, default, changeable in, meaning), a row "
              "in %s (type, default, meaning; own properties) and a doc "
              "block in its element's source:" % (len(problems), REF, README))
        for p in problems:
            print("- " + p)
        sys.exit(1)


if __name__ == "__main__":
    main()
