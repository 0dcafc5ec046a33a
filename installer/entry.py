"""The frozen program's entry point: the same `main` as `python -m stationdesk`."""

from stationdesk.cli import main

raise SystemExit(main())
