#!/usr/bin/env python3
"""A DOM check of tunelab's HTML report: python3 -m html.parser's view of the page.

usage: html_check.py FILE.html MIN_SECTIONS MIN_CHARTS

Fails (exit 1, the reason on stderr) unless the page is one self-contained document: a
doctype, a viewport, every element closed in order, no script, stylesheet link, image or
frame source and no absolute URL to fetch (SVG namespaces are names, not fetches), at least
MIN_SECTIONS workload sections (h2) each linked from the nav, at least MIN_CHARTS inline
SVG charts with drawn paths, and tables inside scrolling boxes.
"""
import sys
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "hr", "img", "input", "source", "col", "area", "base", "wbr",
        # SVG elements written self-closing (<path … />) are reported as startendtag.
        }


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.count = {}
        self.ids, self.links = set(), []
        self.svg_paths = 0
        self.in_svg = 0
        self.viewport = False

    def handle_decl(self, decl):
        if decl.lower() == "doctype html":
            self.count["doctype"] = 1

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        a = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "img", "link"):
            self.errors.append(f"<{tag}> at line {self.getpos()[0]}: the page must fetch nothing")
        for key in ("src", "href", "xlink:href"):
            v = a.get(key) or ""
            if v and not v.startswith("#"):
                self.errors.append(f"{key}={v!r} at line {self.getpos()[0]}: only in-page links")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        if tag == "svg":
            self.in_svg += 1
        if self.in_svg and tag in ("path", "polyline", "polygon", "rect", "ellipse", "circle"):
            self.svg_paths += 1
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if self.in_svg and tag in ("path", "polyline", "polygon", "rect", "ellipse", "circle"):
            self.svg_paths += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append(f"</{tag}> at line {self.getpos()[0]} closes nothing")
            return
        top, line = self.stack.pop()
        if top != tag:
            self.errors.append(f"</{tag}> at line {self.getpos()[0]} closes <{top}> of line {line}")
        if tag == "svg":
            self.in_svg -= 1


def main():
    path, min_sections, min_charts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    c = Check()
    with open(path, encoding="utf-8") as f:
        c.feed(f.read())
    c.close()
    e = list(c.errors)
    if c.stack:
        e.append("unclosed: " + ", ".join(f"<{t}> of line {l}" for t, l in c.stack[:5]))
    if not c.count.get("doctype"):
        e.append("no <!DOCTYPE html>")
    if not c.viewport:
        e.append("no viewport meta: a phone would show it zoomed out")
    if c.count.get("h2", 0) < min_sections:
        e.append(f"{c.count.get('h2', 0)} sections (h2), expected at least {min_sections}")
    if c.count.get("svg", 0) < min_charts:
        e.append(f"{c.count.get('svg', 0)} charts (svg), expected at least {min_charts}")
    if min_charts and c.svg_paths < 20 * min_charts:
        e.append(f"the charts draw only {c.svg_paths} shapes")
    if c.count.get("table", 0) < min_sections:
        e.append(f"{c.count.get('table', 0)} tables, expected at least one per section")
    missing = [l for l in c.links if l not in c.ids]
    if missing:
        e.append("links to missing sections: " + ", ".join(missing))
    if e:
        print(f"{path}:", *e, sep="\n  ", file=sys.stderr)
        return 1
    print(f"{path}: {c.count.get('h2', 0)} sections, {c.count.get('table', 0)} tables, "
          f"{c.count.get('svg', 0)} charts ({c.svg_paths} shapes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
