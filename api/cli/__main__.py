"""`python -m api.cli …` runs the command line (the tests and benchmarks start it this way)."""

from api.cli.main import app

app()
