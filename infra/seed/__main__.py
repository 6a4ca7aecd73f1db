import sys

from infra.seed.seed import main

sys.exit(main())
