"""Run the command line: ``python -m peopleops``."""

import sys

from peopleops.cli import main

sys.exit(main())
