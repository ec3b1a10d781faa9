"""An exercise's figure as a small SVG: neutral background, floor and props, a faint starting position with an
arrow, the far-side limbs lighter than the near side. No style attributes (the page's CSP forbids them), only
presentation attributes; the same scene always gives the same bytes."""

from __future__ import annotations

from functools import cache
from html import escape

from backcoach.domain.figure import Body
from backcoach.domain.figure_scene import Scene, Shape, compose
from backcoach.services.exercises import exercise_figure

WIDTH, HEIGHT = 240, 160  # the image's natural size; the viewBox keeps this 3:2 shape
MARGIN = 8.0
BACKGROUND = "#f3f5f8"
FLOOR = "#8a94a3"
INK = {"near": "#27456b", "body": "#27456b", "far": "#9fb3cc"}
GHOST = "#cdd6e2"
ARROW = "#c2410c"
PROP_FILL = {"mat": "#c9dccb", "chair": "#b59b78", "wall": "#dcd6cc", "counter": "#d8cbb5", "doorway": "#d8cbb5",
             "pillow": "#e9e2f3", "strap": "none"}
PROP_STROKE = {"pillow": "#a99cc4", "strap": "#b45309"}


def _n(value: float) -> str:
    """A coordinate with one decimal, without "-0"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def exercise_svg(exercise_id: str) -> str:
    """The figure of a known exercise (NotFound otherwise, which is not cached), drawn once per process."""
    name, spec = exercise_figure(exercise_id)
    return render_scene(compose(spec), name)


def render_scene(scene: Scene, title: str) -> str:
    """The SVG document of a scene, its <title> naming the exercise."""
    left, bottom, right, top = scene.bounds()
    left, right, bottom, top = left - MARGIN, right + MARGIN, bottom - MARGIN, top + MARGIN
    width, height = right - left, top - bottom
    if width / height < WIDTH / HEIGHT:  # widen to 3:2 so the floor runs across the whole picture
        extra = height * WIDTH / HEIGHT - width
        left, width = left - extra / 2, width + extra
    else:
        extra = width * HEIGHT / WIDTH - height
        top, height = top + extra, height + extra  # more room above, the floor stays near the bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(left)} {_n(-top)} {_n(width)} {_n(height)}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img">',
        f'<title>{escape(title)}</title>',
        f'<rect x="{_n(left)}" y="{_n(-top)}" width="{_n(width)}" height="{_n(height)}" fill="{BACKGROUND}"/>',
        *(_shape(shape) for shape in scene.props if shape.prop in ("wall", "doorway", "counter")),
        f'<line x1="{_n(left)}" y1="0" x2="{_n(left + width)}" y2="0" stroke="{FLOOR}" stroke-width="1.5"/>',
        *(_shape(shape) for shape in scene.props if shape.prop not in ("wall", "doorway", "counter", "strap")),
    ]
    if scene.ghost is not None:
        parts.append(_body(scene.ghost, ghost=True))
    parts.append(_body(scene.body, ghost=False))
    parts += [_shape(shape) for shape in scene.props if shape.prop == "strap"]
    if scene.arrow is not None:
        parts.append(_arrow(*scene.arrow))
    parts.append("</svg>")
    return "\n".join(parts)


def _shape(shape: Shape) -> str:
    a, b, c, d = shape.numbers
    fill, stroke = PROP_FILL[shape.prop], PROP_STROKE.get(shape.prop, "none")
    if shape.kind == "rect":
        return (f'<rect x="{_n(a)}" y="{_n(-(b + d))}" width="{_n(c)}" height="{_n(d)}" rx="1" '
                f'fill="{fill}"/>')
    if shape.kind == "ellipse":
        return f'<ellipse cx="{_n(a)}" cy="{_n(-b)}" rx="{_n(c)}" ry="{_n(d)}" fill="{fill}" stroke="{stroke}"/>'
    return (f'<line x1="{_n(a)}" y1="{_n(-b)}" x2="{_n(c)}" y2="{_n(-d)}" stroke="{stroke}" stroke-width="2.5" '
            f'stroke-linecap="round"/>')


def _body(body: Body, ghost: bool) -> str:
    """Far limbs first, then the trunk and head, then the near limbs on top."""
    lines = []
    for layer in ("far", "body", "near"):
        colour = GHOST if ghost else INK[layer]
        for segment in body.segments:
            if segment.side != layer:
                continue
            (x1, y1), (x2, y2) = body.point(segment.start), body.point(segment.end)
            lines.append(f'<line x1="{_n(x1)}" y1="{_n(-y1)}" x2="{_n(x2)}" y2="{_n(-y2)}" stroke="{colour}" '
                         f'stroke-width="{_n(segment.width)}"/>')
        if layer == "body":
            lines.append(_head(body, GHOST if ghost else INK["body"]))
    return f'<g stroke-linecap="round" fill="none">{"".join(lines)}</g>'


def _head(body: Body, colour: str) -> str:
    x, y = body.point("head")
    head = f'<circle cx="{_n(x)}" cy="{_n(-y)}" r="{_n(body.radii["head"])}" fill="{colour}"/>'
    if "face" in body.points:  # a nose shows which way the face looks
        fx, fy = body.point("face")
        head += f'<circle cx="{_n(fx)}" cy="{_n(-fy)}" r="3" fill="{colour}"/>'
    return head


def _arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size = 6.0
    base = (x2 - ux * size, y2 - uy * size)
    wing1 = (base[0] - uy * size * 0.6, base[1] + ux * size * 0.6)
    wing2 = (base[0] + uy * size * 0.6, base[1] - ux * size * 0.6)
    head = " ".join(f"{_n(px)},{_n(-py)}" for px, py in ((x2, y2), wing1, wing2))
    return (f'<g fill="{ARROW}" stroke="{ARROW}"><line x1="{_n(x1)}" y1="{_n(-y1)}" x2="{_n(base[0])}" '
            f'y2="{_n(-base[1])}" stroke-width="2.5" stroke-linecap="round"/><polygon points="{head}"/></g>')
