"""`python -m app.cli` runs `fenqi`."""

import sys

from app.cli import main

sys.exit(main())
