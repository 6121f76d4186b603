"""``python -m ecskit``: see :mod:`ecskit.cli`."""

import sys

from ecskit.cli import main

if __name__ == "__main__":
    sys.exit(main())
