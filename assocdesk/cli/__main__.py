"""`python -m assocdesk.cli`: the same as the `assocdesk-cli` command."""

from assocdesk.cli import main

raise SystemExit(main())
