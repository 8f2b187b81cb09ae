"""Layout and pictures of a large flow. `python -m bench pictures`.

The generated 250-action flow of the validator benchmark (the language's maximum), laid out and
drawn: the layout runs every time a flow is built in code, so it must stay far from quadratic.
"""

from __future__ import annotations

from bench.validator import figures, generated_flow, timings_ms
from flows.model.layout import compute_layout
from flows.pictures.diagram import render_mermaid, render_svg

RUNS = 50


def main() -> None:
    content = generated_flow()
    count = len(content["Actions"])
    work = {
        "compute_layout": lambda: compute_layout(content),
        "render_svg (no findings)": lambda: render_svg(content, []),
        "render_mermaid": lambda: render_mermaid(content, []),
    }
    for name, run in work.items():
        print(f"{name}, {count} actions, {RUNS} runs: {figures(timings_ms(run, RUNS))}")
