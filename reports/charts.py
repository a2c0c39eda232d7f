"""Small bar charts as inline SVG, drawn on the server: no script, no CDN, readable by screen readers."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from tasks_registry.numbers import format_number

WIDTH, HEIGHT, PAD = 360, 180, 28


def bar_chart(title, points, target=None):
    """`points`: [(label, value or None)]; `target`: a number drawn as a dashed line."""
    values = [v for _label, v in points if v is not None]
    top = max(values + ([float(target)] if target is not None else []) + [1])
    slot = (WIDTH - 2 * PAD) / max(len(points), 1)
    scale = (HEIGHT - 2 * PAD) / top
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#555"/>',
    ]
    for index, (label, value) in enumerate(points):
        x = PAD + index * slot + slot * 0.15
        if value is not None:
            height = float(value) * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                f'fill="#1565c0"><title>{escape(label)}: {escape(format_number(value))}</title></rect>'
                f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - PAD - height - 4:.1f}" font-size="10" '
                f'text-anchor="middle">{escape(format_number(value))}</text>'
            )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - PAD + 14}" font-size="10" text-anchor="middle">{escape(label)}</text>'
        )
    if target is not None:
        y = HEIGHT - PAD - float(target) * scale
        parts.append(
            f'<line class="target" x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - PAD}" y2="{y:.1f}" stroke="#b3261e" '
            f'stroke-dasharray="6 4"/><text x="{WIDTH - PAD}" y="{y - 4:.1f}" font-size="10" fill="#b3261e" '
            f'text-anchor="end">{escape(format_number(target))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
