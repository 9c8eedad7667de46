"""`techkg train` and `techkg evaluate`: the trained relation model and its measurement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)


def train(
    out: Annotated[
        Path | None, typer.Option(help="model directory (default: the one shipped in the package)")
    ] = None,
    cross_validate: Annotated[
        bool, typer.Option("--cv/--no-cv", help="report 5-fold cross-validation by document")
    ] = True,
) -> None:
    """Rebuild the relation model from the training corpus in loaders/training (fixed seeds)."""
    from loaders.model.decide import RELATION_MODEL_DIR
    from loaders.model.scoring import format_report
    from loaders.model.train import train_model

    target = out or RELATION_MODEL_DIR
    result = train_model(target, with_cv=cross_validate)
    if result.cross_validation is not None:
        typer.echo(format_report(result.cross_validation.report, "5-fold cross-validation"))
    info = result.model.info
    typer.echo(f"model: {info['pairs']} pairs, {info['features']} features -> {target}")
    console.print(f"trained in {result.seconds:.0f} s")


def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="documents, JSON Lines")],
    gold: Annotated[Path, typer.Option("--gold", help="gold annotations, JSON Lines")],
    errors: Annotated[
        bool, typer.Option("--errors", help="list every miss and false positive with its sentence")
    ] = False,
) -> None:
    """Extract from DOCS and score against GOLD: entity and relation P/R/F1, per type."""
    from loaders.model.corpus import CorpusError
    from loaders.model.evaluate import error_lines, evaluate_files, failed_documents
    from loaders.model.scoring import format_report

    for path in (docs, gold):
        if not path.exists():
            typer.echo(f"{path}: no such file", err=True)
            raise typer.Exit(1)
    try:
        report, examples, preds = evaluate_files(docs, gold)
    except CorpusError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    if errors:
        for line in error_lines(report, examples, preds):
            typer.echo(line)
    for problem in failed_documents(preds):
        console.print(f"[yellow]failed[/] {problem}")
    typer.echo(format_report(report))
