"""Run the command-line tool: ``python -m heymilo_app --help``."""

import sys

from heymilo_app.cli import main

sys.exit(main())
