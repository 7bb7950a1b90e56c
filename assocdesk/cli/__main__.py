"""`python -m assocdesk.cli`: the same as the `assocdesk-cli` command."""

from assocdesk.cli import main

if __name__ == "__main__":  # importing the module (tests walk every module) runs nothing
    raise SystemExit(main())
