"""`techkg`: the command line as a package. `main` holds the root app and the extract, ingest,
serve and demo commands; `query`, `render`, `rdf` and `analytics` add the rest; `errors` and
`tables` are shared by the commands. The console script is `api.cli:app`."""

from api.cli.main import app

__all__ = ["app"]
