"""Entry point of ``python -m surveys``; see :mod:`surveys.cli`."""
import sys

from .cli import main

sys.exit(main())
