"""`python -m brandtruth_desktop` behaves exactly like the `brandtruth` command."""

import sys

from brandtruth_desktop.cli import main

sys.exit(main())
