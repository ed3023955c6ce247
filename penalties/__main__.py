"""``python -m penalties``: the command line."""

import sys

from penalties.cli import main

sys.exit(main())
