"""The displays' building blocks: a :class:`Card` (a title, facts, tables and notes), which the other modules of
:mod:`ecskit.display` make, rendered as HTML for notebooks and as aligned text for IPython's pretty printer, from the
same content.

Every text that reaches HTML goes through :func:`html.escape` here, and only here: names, images, messages and paths
are user data (a container named ``<script>`` is shown as such, never run). Links keep only ``http`` and ``https``
addresses. Styles are inline (notebook front ends and documentation pages drop ``<style>`` blocks), and only the
classes and colours of this module are used.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["Badge", "Card", "Cell", "Link", "Svg", "Table", "count", "escape"]

#: The colours of badges, by tone.
TONES = {
    "error": "#b42318",
    "warning": "#b54708",
    "info": "#175cd3",
    "ok": "#067647",
    "muted": "#475467",
}

_TABLE = "border-collapse:collapse;font-size:0.9em;margin:0.3em 0;display:block;max-width:100%;overflow-x:auto"
_TH = "text-align:left;padding:2px 8px;border-bottom:1px solid #d0d5dd"
_TD = "text-align:left;padding:2px 8px;border-bottom:1px solid #eaecf0;vertical-align:top"


def escape(text: object) -> str:
    """``text`` made safe for HTML text and attribute values (quotes too)."""
    return html.escape(str(text), quote=True)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``0 findings``; ``plural`` for nouns that take more than an ``s``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


@attrs.frozen
class Link:
    """A link in a table: its text, and its address (shown as text when it is not http or https)."""

    text: str
    href: str

    def html(self) -> str:
        """The link, escaped (its text alone for an address that is not http or https)."""
        if self.href.startswith(("https://", "http://")):
            return f'<a href="{escape(self.href)}" target="_blank" rel="noopener">{escape(self.text)}</a>'
        return escape(self.text)

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Badge:
    """A short word in a colour (a severity, a status)."""

    text: str
    tone: str = "muted"

    def html(self) -> str:
        """The word in its colour."""
        colour = TONES.get(self.tone, TONES["muted"])
        return f'<span style="color:{colour};font-weight:600">{escape(self.text)}</span>'

    def __str__(self) -> str:
        return self.text


#: What a table cell holds: plain text (escaped in HTML), a link or a badge.
Cell = str | Link | Badge


def _cell_html(cell: Cell) -> str:
    if isinstance(cell, Link | Badge):
        return cell.html()
    return escape(cell).replace("\n", "<br>")


@attrs.frozen
class Table:
    """Rows under headers."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def of(cls, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Table:
        """A table of ``rows`` (each as long as ``headers``)."""
        return cls(tuple(headers), tuple(tuple(row) for row in rows))

    def html(self) -> str:
        """An HTML table."""
        head = "".join(f'<th style="{_TH}">{escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f'<td style="{_TD}">{_cell_html(c)}</td>' for c in row) + "</tr>" for row in self.rows
        )
        return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def text(self, indent: str = "  ") -> list[str]:
        """Aligned columns (a cell's lines after the first go under it)."""
        cells = [[str(c).split("\n") for c in row] for row in self.rows]
        widths = [len(h) for h in self.headers]
        for row in cells:
            for i, lines in enumerate(row):
                widths[i] = max(widths[i], *(len(line) for line in lines))
        out = [indent + "  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True)).rstrip()]
        for row in cells:
            height = max(len(lines) for lines in row)
            for k in range(height):
                parts = (lines[k] if k < len(lines) else "" for lines in row)
                out.append(indent + "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
        return out


@attrs.frozen
class Card:
    """What a display shows: a title, then facts (label: value), then sections (a heading over a table, a picture or
    lines of text)."""

    title: str
    #: (label, value) pairs, in order; empty values are left out.
    facts: tuple[tuple[str, str], ...] = ()
    #: (heading, content): a Table, an :class:`Svg` picture or text lines.
    sections: tuple[tuple[str, Table | Svg | tuple[str, ...]], ...] = ()

    def html(self) -> str:
        """The card as HTML (what ``_repr_html_`` returns)."""
        parts = ['<div class="ecskit" style="font-family:system-ui,sans-serif;line-height:1.35">']
        parts.append(f"<strong>{escape(self.title)}</strong>")
        facts = [(label, value) for label, value in self.facts if value]
        if facts:
            shown = " · ".join(f'<span style="color:#475467">{escape(k)}</span> {escape(v)}' for k, v in facts)
            parts.append(f'<div style="font-size:0.9em">{shown}</div>')
        for heading, content in self.sections:
            if heading:
                parts.append(f'<div style="margin-top:0.4em;font-weight:600;font-size:0.9em">{escape(heading)}</div>')
            if isinstance(content, Table | Svg):
                parts.append(content.html())
            else:
                parts.append(
                    '<ul style="margin:0.2em 0;padding-left:1.2em;font-size:0.9em">'
                    + "".join(f"<li>{escape(line)}</li>" for line in content)
                    + "</ul>"
                )
        parts.append("</div>")
        return "".join(parts)

    def text(self) -> str:
        """The card as text (what ``_repr_pretty_`` prints)."""
        lines = [self.title]
        facts = [(label, value) for label, value in self.facts if value]
        if facts:
            lines.append("  " + ", ".join(f"{k} {v}" for k, v in facts))
        for heading, content in self.sections:
            if heading:
                lines.append(f"{heading}:")
            if isinstance(content, Table):
                lines.extend(content.text())
            elif isinstance(content, Svg):
                lines.extend(f"  {line}" for line in content.alt)
            else:
                lines.extend(f"  {line}" for line in content)
        return "\n".join(lines)


@attrs.frozen
class Svg:
    """A picture (its SVG markup, built with :func:`escape` for every text in it) and what it shows, as text lines
    for the pretty printer."""

    markup: str
    alt: tuple[str, ...]

    def html(self) -> str:
        """The SVG markup."""
        return self.markup
