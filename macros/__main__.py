import sys

from macros.cli import main

sys.exit(main())
