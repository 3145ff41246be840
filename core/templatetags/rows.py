"""`{% rows %}`: the rows of a list written from their markup rendered once per page (issue 17).

A template loop renders every row anew: each `{{ row.field }}` is looked up through the whole context, localised
and escaped, a few dozen Python calls, and a 50-row table with ten fields per row spends most of its page there.
`{% rows %}` renders its block ONCE with a stand-in for the row, whose fields print as markers, and then fills each
row's values (escaped, a SafeString as it is) into that markup:

    {% load rows %}
    {% rows page.object_list as p switch "awaiting late" %}
      <tr><th scope="row"><a href="{{ p.url }}">{{ p.title }}</a></th>
        <td>{% if p.awaiting %}<span class="ds-tag">{% translate "Waiting" %}</span>{% endif %}</td></tr>
    {% endrows %}

- In the block, a row's field is printed as it is: `{{ p.title }}`, without filters (a filter would see the
  marker, not the value). The rows are dicts or objects; a field's value is a string (escaped, a SafeString as it
  is); any other value is written as the template would (`render_value_in_context`), a missing field as "".
- The fields named after `switch` are real values in the block: `{% if p.awaiting %}` works on them, and the block
  is rendered once per combination of their values met on the page (they must be hashable).
- Everything else in the block (translations, URLs, the page's own variables) is rendered once for all rows.
- `field(name)` (core/rows.py) is the marker of a row's field in a value given to the block: a link whose target
  is per row."""

from __future__ import annotations

from operator import attrgetter, itemgetter

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString

from core.rows import ESCAPES, MARK, escape_text

register = template.Library()


def _value(value, context) -> str:
    return escape_text(value) if isinstance(value, str) else render_value_in_context(value, context)


class _Row:
    """The stand-in for a row while the block is rendered: a field is its marker, a switch its value."""

    def __init__(self, switches: dict):
        self._switches = switches

    def __getitem__(self, name):
        if name in self._switches:
            return self._switches[name]
        if not name.isidentifier():
            raise KeyError(name)
        return SafeString(f"{MARK}{name}{MARK}")


class RowsNode(template.Node):
    def __init__(self, rows, name: str, switches: tuple[str, ...], nodelist):
        self.rows, self.name, self.switches, self.nodelist = rows, name, switches, nodelist

    def _pattern(self, context, switches: dict) -> tuple[str, list[str]]:
        """The block's markup for rows with these switch values, as a format string and the fields it fills."""
        with context.push(**{self.name: _Row(switches)}):
            markup = self.nodelist.render(context)
        pieces = markup.split(MARK)
        if len(pieces) % 2 == 0:
            raise template.TemplateSyntaxError("{% rows %}: a field marker is not closed")
        literals, fields = pieces[0::2], pieces[1::2]
        braces = [text.replace("{", "{{").replace("}", "}}") for text in literals]
        fmt = "".join(f"{text}{{{i}}}" for i, text in enumerate(braces[:-1])) + braces[-1]
        return fmt, fields

    def render(self, context):
        patterns: dict = {}
        out = []
        switches = self.switches
        keys = {True: _getter(switches, True), False: _getter(switches, False)}
        for row in self.rows.resolve(context) or ():
            is_dict = isinstance(row, dict)
            try:
                key = keys[is_dict](row)
            except (KeyError, AttributeError):
                key = _missing(row, switches)
            found = patterns.get(key)
            if found is None:
                fmt, fields = self._pattern(context, dict(zip(switches, key, strict=True)))
                found = patterns[key] = fmt, fields, {True: _getter(fields, True), False: _getter(fields, False)}
            fmt, fields, getters = found
            try:
                values = getters[is_dict](row)  # all the row's fields in one call
            except (KeyError, AttributeError):
                values = _missing(row, fields)
            # a plain string escaped in one call, anything else as Django does
            out.append(fmt.format(*[v.translate(ESCAPES) if v.__class__ is str else _value(v, context)
                                    for v in values]))  # fmt: skip
        return SafeString("".join(out))


def _getter(names, is_dict: bool):
    """row → the tuple of its values of `names` (a dict's keys or an object's attributes), in one call."""
    if not names:
        return lambda row: ()
    get = itemgetter(*names) if is_dict else attrgetter(*names)
    return get if len(names) > 1 else (lambda row: (get(row),))


def _missing(row, names) -> tuple:
    """The values of `names` when one is missing: "" for it, as a template prints a missing variable."""
    if isinstance(row, dict):
        return tuple(row.get(name, "") for name in names)
    return tuple(getattr(row, name, "") for name in names)


@register.tag("rows")
def do_rows(parser, token):
    """{% rows <list> as <name> [switch "<field> <field>…"] %}…{% endrows %}"""
    bits = token.split_contents()
    if len(bits) not in (4, 6) or bits[2] != "as" or (len(bits) == 6 and bits[4] != "switch"):
        raise template.TemplateSyntaxError('Usage: {% rows <list> as <name> [switch "<field> …"] %}')
    switches = tuple(bits[5].strip("\"'").split()) if len(bits) == 6 else ()
    nodelist = parser.parse(("endrows",))
    parser.delete_first_token()
    return RowsNode(parser.compile_filter(bits[1]), bits[3], switches, nodelist)
