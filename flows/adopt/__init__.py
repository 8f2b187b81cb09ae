"""Adopting flows that already exist: import a console export as Python, compare two flows.

:mod:`.import_cli` is the `import` command: :mod:`.import_plan` says what the module will
rebuild, :mod:`.instance_values` lifts the instance's ARNs and ids into constants,
:mod:`.import_module` and :mod:`.python_source` write the module's text. :mod:`.diff` is the
`diff` command, which pairs the blocks of two flows (:mod:`.pairing`) and compares their
behaviour; the picture of a diff is drawn by :mod:`flows.pictures.diff`.
"""
