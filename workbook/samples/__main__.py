"""``python -m workbook.samples [FOLDER]`` writes every sample file."""
from . import main

raise SystemExit(main())
