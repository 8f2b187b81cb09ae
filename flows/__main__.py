"""`python -m flows ...`: see flows/cli.py."""

from flows.cli import main

raise SystemExit(main())
