"""The customer-lookup application: one contact flow built with the toolkit around it.

:mod:`.routing` is the routing table (who goes where, and what they hear), with how it becomes
blocks and what can be wrong with it; :mod:`.flow` builds the flow from it and the deployment's
settings; :mod:`.cases` writes the flow's Amazon Connect test cases; :mod:`.generate` is the
`python -m flows generate` command (``make flows``), which writes flows/generated/ and
flows/testcases/customer_lookup/. The toolkit does not import this package: pyproject.toml's
``[tool.flows]`` table hands it the command and the function binding it adds.
"""
