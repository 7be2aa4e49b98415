"""Entry point for ``python -m readiness`` and the ``readiness`` command."""

from __future__ import annotations


def main() -> None:
    """Run the command-line interface."""
    from readiness.cli import run

    run()


if __name__ == "__main__":
    main()
