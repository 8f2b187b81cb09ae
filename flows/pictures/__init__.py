"""Pictures of flows for review.

:mod:`.scene` decides what is drawn; :mod:`.mermaid`, :mod:`.svg` and :mod:`.png` draw it.
:mod:`.diagram` is the `diagram` command and the public entry points (``render_mermaid``,
``render_svg``, ``render_png``); :mod:`.diff` draws the picture of a change that
`python -m flows diff -o` writes.
"""
