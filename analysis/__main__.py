"""Run the analysis command line: ``python -m analysis summary --json FILE``."""
import sys

from .cli import main

sys.exit(main())
