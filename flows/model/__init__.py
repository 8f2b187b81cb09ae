"""Flows as Python objects, and flows as files.

:mod:`.flow` is the typed model (a flow, its actions and transitions), with the parameters of
each modelled action type in :mod:`.actions` and their encodings in :mod:`.codecs`;
:mod:`.builder` writes a flow as code, :mod:`.layout` places its blocks as the console would,
and :mod:`.document` reads and writes the shapes a flow file comes in (console export, flow
module, DescribeContactFlow wrapper). Built on :mod:`flows.language` only.
"""
