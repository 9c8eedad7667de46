"""Static pictures of a neighborhood (PNG or SVG), coloured and labeled like the explorer page.

The graph comes as the page's Cytoscape elements (graph.read.relations.to_cytoscape); colours come from
graph/ontology.py, as the page's do (through GET /ontology), so a report figure matches what people saw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.lines import Line2D

from graph.ontology import ENTITY_LABELS, SIDE_INFO, entity_color, relation_color, side_info
from graph.read.views import CytoscapeGraph

FORMATS = {".png": "png", ".svg": "svg"}
DASHED_MODALITIES = {"planned", "considered"}


def picture_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: the output must end in .png or .svg")
    return fmt


def to_networkx(drawing: CytoscapeGraph) -> Any:
    graph = nx.MultiDiGraph()
    for node in drawing.elements.nodes:
        graph.add_node(node["data"]["id"], **node["data"])
    for edge in drawing.elements.edges:
        data = edge["data"]
        graph.add_edge(data["source"], data["target"], key=data["id"], **data)
    return graph


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(drawing: CytoscapeGraph, output: Path, title: str | None = None) -> Path:
    """Draw the elements to `output` (.png or .svg) and return it."""
    fmt = picture_format(output)
    graph = to_networkx(drawing)
    figure, axes = plt.subplots(figsize=(12, 8), dpi=110)
    try:
        axes.set_axis_off()
        if title:
            axes.set_title(title, fontsize=13)
        if graph.number_of_nodes() == 0:
            axes.text(0.5, 0.5, "no entities", ha="center", va="center", fontsize=14)
        else:
            _draw(graph, axes, drawing.center)
        figure.tight_layout()
        output.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(output, format=fmt)
    finally:
        plt.close(figure)
    return output


def _draw(graph: Any, axes: Any, center: str | None) -> None:
    simple = nx.Graph(graph.to_undirected())
    positions = nx.spring_layout(simple, seed=7, k=1.6 / max(1, len(simple)) ** 0.5)
    nodes = list(graph.nodes(data=True))
    nx.draw_networkx_nodes(
        graph, positions, ax=axes, nodelist=[n for n, _ in nodes],
        node_color=[entity_color(d.get("type")) for _, d in nodes],
        edgecolors=[side_info(d.get("alignment")).color for _, d in nodes],
        linewidths=[4.0 if n == center else 2.5 for n, _ in nodes],
        node_size=[1100 if n == center else 700 for n, _ in nodes])
    nx.draw_networkx_labels(graph, positions, ax=axes, font_size=8,
                            labels={n: _short(str(d.get("label", n))) for n, d in nodes})
    seen: dict[tuple[str, str], int] = {}
    for source, target, data in graph.edges(data=True):
        pair = (min(source, target), max(source, target))
        bend = 0.12 * seen.get(pair, 0)  # parallel edges fan out instead of overlapping
        seen[pair] = seen.get(pair, 0) + 1
        dashed = bool(data.get("negated")) or data.get("modality") in DASHED_MODALITIES
        nx.draw_networkx_edges(
            graph, positions, ax=axes, edgelist=[(source, target)], arrows=True, arrowsize=14,
            width=min(1.0 + float(data.get("count") or 1), 8.0),
            edge_color=relation_color(data.get("type")),
            style="dashed" if dashed else "solid", node_size=800,
            connectionstyle=f"arc3,rad={bend}")
        label = str(data.get("type", "")) + (" (denied)" if data.get("negated") else "")
        nx.draw_networkx_edge_labels(graph, positions, ax=axes, font_size=7,
                                     edge_labels={(source, target): label},
                                     connectionstyle=f"arc3,rad={bend}",
                                     bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                           "ec": "none", "alpha": 0.8})
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9,
                          markerfacecolor=entity_color(t), markeredgecolor="none",
                          label=t)
               for t in sorted({str(d.get("type")) for _, d in nodes})
               if t in ENTITY_LABELS]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor="white",
                           markeredgewidth=2.5, markeredgecolor=side.color, label=side.label)
                for side in SIDE_INFO.values()]
    axes.margins(0.1)
    axes.legend(handles=handles, loc="best", fontsize=7, framealpha=0.85, ncol=2)
