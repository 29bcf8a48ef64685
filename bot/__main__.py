"""`python -m bot …` is the same as `coopbot …`."""

import sys

from bot.cli import main

sys.exit(main())
