"""Drawing flows: :mod:`.scene` decides what is drawn; :mod:`.mermaid`, :mod:`.svg` and
:mod:`.png` draw it. The `diagram` command and the public entry points are in flows/diagram.py.
"""
