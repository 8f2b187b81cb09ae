"""The Amazon Connect flow language as this toolkit knows it: facts, not behaviour.

:mod:`.facts` (limits, operators, reference namespaces, the lookup of an action type's facts),
:mod:`.action_table` and :mod:`.action_spec` (each action type's parameters, branches and
reference page), :mod:`.flow_types` (the ContactFlowTypes and what each allows),
:mod:`.flow_kind` (the type a flow declares, else the one its blocks allow), :mod:`.voices`
(Set voice's voices and engines),
:mod:`.connect_lambda` (the event Connect sends a function and how it judges the answer) and
:mod:`.arns` (the ARNs of Connect, Lambda and SNS resources). Everything else in ``flows``
builds on these; this package imports nothing else of the project.
"""
