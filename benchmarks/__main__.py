"""``python -m benchmarks``: run the whole suite (see :mod:`benchmarks.run_all`)."""

import sys

from benchmarks.run_all import main

sys.exit(main())
