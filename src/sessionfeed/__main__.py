"""``python -m sessionfeed`` runs the command line."""

from __future__ import annotations

from sessionfeed.cli import main


raise SystemExit(main())
