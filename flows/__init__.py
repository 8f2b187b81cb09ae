"""Amazon Connect contact flows as code: a toolkit, one subpackage per capability, and the
customer-lookup application built with it (:mod:`flows.customer_lookup`, which the toolkit never
imports; it hands the toolkit its defaults in pyproject.toml's ``[tool.flows]``, see
:mod:`flows.config`). The layers, lowest first: ``language``, ``model``, ``validator`` and
``simulator``, ``pictures``, ``adopt`` and ``testing``, then the command line (``cli``); the
contracts in pyproject.toml's ``[tool.importlinter]`` keep them.
"""
