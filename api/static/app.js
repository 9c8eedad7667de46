/* techkg explorer: draws the API's Cytoscape elements. Views format; the API computes.
 *
 * API shapes relied on:
 *   GET  /entities?q=&limit=   {items: [{id, name, type, country, alignment, score}], next_cursor}
 *   GET  /graph?entity=&depth= {center, truncated, elements: {nodes: [{data: {id, label, type,
 *        country, alignment}}], edges: [{data: {id, source, target, type, count, source_count,
 *        confidence, negated, modality, date, evidence: [{article_id, sentence, title, url, date}]}}]}}
 *   GET  /paths?source=&target= {source, target, paths: [{nodes: [id], edges: [edge id]}],
 *        graph: {nodes: [EntitySummary], edges: [{id, subject, type, object, ...same as above}]}}
 *   GET  /queries              {items: [{name, description, params: [{name, type, required,
 *        default, description}], columns, entities}]}
 *   POST /queries/{name}       {params, draw: true} -> {columns, rows, truncated, graph: <as /graph>}
 *   GET  /ontology             {entity_types: [{name, description, color}], relation_types: [{name,
 *        description, category, color, symmetric}], categories: [{name, label}], sides: [{name,
 *        label, color}], other_entity_color, other_relation_color}: every type the page shows
 *   errors                     {error: {code, message, detail: {closest?: [...]}}}
 */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  // Types, colours and sides come from GET /ontology (graph/ontology.py), never from this file.
  const state = { ontology: null, center: null, pathMode: false, pathPick: [], queries: [] };
  const types = { entity: new Map(), relation: new Map(), side: new Map() };
  let cy = null;

  // ------------------------------------------------------------------ helpers
  function say(message, isError) {
    $("status").textContent = message || "";
    $("status").classList.toggle("error", Boolean(isError));
  }
  async function api(path, options) {
    const response = await fetch(path, options);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error((body.error && body.error.message) || response.statusText);
      error.status = response.status;
      error.detail = (body.error && body.error.detail) || {};
      throw error;
    }
    return body;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
    });
    children.flat().forEach((c) => c !== null && c !== undefined &&
      node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }
  const typeColor = (t) => (types.entity.get(t) || { color: state.ontology.other_entity_color }).color;
  const sideOf = (a) => types.side.get(a) || types.side.get("other");
  const alignColor = (a) => sideOf(a).color;
  const relColor = (t) => (types.relation.get(t) || { color: state.ontology.other_relation_color }).color;
  function useOntology(ontology) {
    state.ontology = ontology;
    ontology.entity_types.forEach((t) => types.entity.set(t.name, t));
    ontology.relation_types.forEach((t) => types.relation.set(t.name, t));
    ontology.sides.forEach((s) => types.side.set(s.name, s));
  }
  function errorText(error, what) {
    const closest = (error.detail && error.detail.closest) || [];
    if (error.status === 404) {
      return `Unknown ${what}: ${error.message}.` + (closest.length ? ` Did you mean: ${closest.join(", ")}?` : "");
    }
    return `${error.message}`;
  }

  // ------------------------------------------------------------------ graph
  function style() {
    return [
      { selector: "node", style: {
        "background-color": (n) => typeColor(n.data("type")),
        "border-color": (n) => alignColor(n.data("alignment")), "border-width": 4,
        label: "data(label)", "font-size": 13, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "ellipsis", "text-max-width": 150, "text-background-color": "#fff",
        "text-background-opacity": 0.8, "text-background-padding": 2, width: 34, height: 34 } },
      { selector: "node.center", style: { width: 48, height: 48, "border-width": 6, "font-weight": "bold" } },
      { selector: "edge", style: {
        width: (e) => Math.min(1.5 + 1.5 * (e.data("count") || 1), 10),
        "line-color": (e) => relColor(e.data("type")), "target-arrow-color": (e) => relColor(e.data("type")),
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(type)", "font-size": 10,
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85,
        "text-background-padding": 1, color: "#333" } },
      { selector: "edge.dashed", style: { "line-style": "dashed", "line-dash-pattern": [7, 5] } },
      { selector: "edge.negated", style: { "target-arrow-shape": "tee" } },
      { selector: ":selected", style: { "overlay-color": "#f0a500", "overlay-opacity": 0.12, "overlay-padding": 8 } },
      { selector: ".filtered", style: { display: "none" } },
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: "node.path", style: { "border-color": "#f0a500", "border-width": 7 } },
      { selector: "edge.path", style: { "line-color": "#f0a500", "target-arrow-color": "#f0a500", width: 7, opacity: 1 } },
      { selector: "node.pick", style: { "border-color": "#f0a500", "border-style": "double", "border-width": 8 } },
    ];
  }
  function classesFor(edgeData) {
    const out = [];
    if (edgeData.negated) out.push("negated");
    if (edgeData.negated || edgeData.modality === "planned" || edgeData.modality === "considered") out.push("dashed");
    return out.join(" ");
  }
  function addElements(elements, replace) {
    if (replace) cy.elements().remove();
    const nodes = (elements.nodes || []).filter((n) => cy.getElementById(n.data.id).empty());
    cy.add(nodes.map((n) => ({ group: "nodes", data: n.data })));
    const edges = (elements.edges || []).filter((e) => cy.getElementById(e.data.id).empty()
      && !cy.getElementById(e.data.source).empty() && !cy.getElementById(e.data.target).empty());
    cy.add(edges.map((e) => ({ group: "edges", data: e.data, classes: classesFor(e.data) })));
    cy.nodes().removeClass("center");
    if (state.center) cy.getElementById(state.center).addClass("center");
    return nodes.length + edges.length;
  }
  function layout(fit) {
    const running = cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000,
      idealEdgeLength: () => 110, padding: 40, fit: fit !== false });
    running.run();
    // A small neighborhood should not fill the screen with giant nodes.
    if (fit !== false && cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
  }
  async function showEntity(ref, depth) {
    ref = (ref || "").trim();
    if (!ref) { say("Type a name to search: the search box is empty.", true); $("search").focus(); return; }
    say(`Loading ${ref}…`);
    try {
      const graph = await api(`/graph?entity=${encodeURIComponent(ref)}&depth=${depth || $("depth").value}`);
      state.center = graph.center;
      clearPath();
      addElements(graph.elements, true);
      layout();
      refresh();
      const center = cy.getElementById(graph.center);
      const name = center.nonempty() ? center.data("label") : ref;
      say(`${name}: ${cy.nodes().length} entities, ${cy.edges().length} relations` +
          (graph.truncated ? " (cut at the limit)" : "") +
          (cy.edges().length === 0 ? ". No relations are known for it yet." : "."));
      if (center.nonempty()) select(center);
      history.replaceState(null, "", `?entity=${encodeURIComponent(graph.center)}`);
    } catch (error) {
      say(errorText(error, "entity"), true);
    }
  }
  async function expand(node) {
    try {
      const graph = await api(`/graph?entity=${encodeURIComponent(node.id())}&depth=1`);
      const added = addElements(graph.elements, false);
      if (added) layout(false);
      refresh();
      say(added ? `Expanded ${node.data("label")}: ${added} new elements.` : `${node.data("label")}: nothing new to expand.`);
    } catch (error) {
      say(errorText(error, "entity"), true);
    }
  }

  // ------------------------------------------------------------------ selection and details
  function select(element) {
    cy.elements().unselect();
    element.select();
    showDetails(element);
  }
  function evidenceList(items) {
    if (!items || !items.length) return el("p", { class: "hint", text: "No evidence stored." });
    return el("ul", { class: "evidence" }, items.map((ev) => el("li", {},
      el("blockquote", { text: ev.sentence }),
      el("div", { class: "meta" },
        ev.url ? el("a", { href: ev.url, target: "_blank", rel: "noopener", text: ev.title || ev.article_id })
               : el("span", { text: ev.title || ev.article_id }),
        ev.date ? ` · ${ev.date}` : "", ev.source ? ` · ${ev.source}` : ""))));
  }
  function showDetails(element) {
    const box = $("details");
    box.replaceChildren(el("h2", { text: "Details" }));
    if (!element || element.empty()) return;
    const d = element.data();
    if (element.isNode()) {
      const edges = element.connectedEdges().not(".filtered");
      box.append(el("h3", {}, el("span", { class: "swatch", style: `background:${typeColor(d.type)};border-color:${alignColor(d.alignment)}` }), " ", d.label),
        el("dl", {}, el("dt", { text: "id" }), el("dd", { text: d.id }), el("dt", { text: "type" }), el("dd", { text: d.type }),
          el("dt", { text: "country" }), el("dd", { text: d.country || "—" }),
          el("dt", { text: "side" }), el("dd", { text: sideOf(d.alignment).label }),
          el("dt", { text: "relations" }), el("dd", { text: String(edges.length) })),
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => expand(element), text: "Expand" }),
          el("button", { type: "button", onclick: () => showEntity(d.id), text: "Focus" }),
          el("button", { type: "button", onclick: () => pick(element), text: "Use in path" })),
        el("h3", { text: "Evidence of its relations" }));
      edges.forEach((edge) => box.append(el("p", { class: "hint" },
        el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); select(edge); },
                  text: `${edge.source().data("label")} —${edge.data("type")}→ ${edge.target().data("label")}` })),
      evidenceList(edge.data("evidence"))));
    } else {
      box.append(el("h3", { text: `${element.source().data("label")} —${d.type}→ ${element.target().data("label")}` }),
        el("dl", {}, el("dt", { text: "confidence" }), el("dd", { text: Number(d.confidence || 0).toFixed(2) }),
          el("dt", { text: "evidence" }), el("dd", { text: `${d.count || 0} sentences, ${d.source_count || 0} sources` }),
          el("dt", { text: "modality" }), el("dd", { text: d.modality || "asserted" }),
          el("dt", { text: "negated" }), el("dd", { text: d.negated ? "yes (the text denies it)" : "no" }),
          el("dt", { text: "date" }), el("dd", { text: d.date || "—" })),
        el("h3", { text: "Evidence" }), evidenceList(d.evidence));
    }
  }
  function refreshInView() {
    const list = $("in-view");
    list.replaceChildren();
    cy.nodes().not(".filtered").sort((a, b) => a.data("label").localeCompare(b.data("label"))).forEach((node) => {
      list.append(el("li", {}, el("button", { type: "button", "data-id": node.id(),
        title: "Enter: select; e: expand; Enter twice or d: focus",
        onclick: () => { select(node); cy.animate({ center: { eles: node } }, { duration: 200 }); if (state.pathMode) pick(node); },
        onkeydown: (ev) => { if (ev.key === "e") expand(node); if (ev.key === "d") showEntity(node.id()); } },
      el("span", { class: "swatch", style: `background:${typeColor(node.data("type"))};border-color:${alignColor(node.data("alignment"))}` }),
      node.data("label"))));
    });
  }

  // ------------------------------------------------------------------ filters
  // Relation types in the ontology's categories, each group in the ontology's order.
  function byCategory() {
    return state.ontology.categories.map((c) => ({ ...c,
      types: state.ontology.relation_types.filter((t) => t.category === c.name) })).filter((c) => c.types.length);
  }
  function check(kind, t, swatch) {
    return el("label", { title: t.description },
      el("input", { type: "checkbox", value: t.name, checked: true, onchange: refresh, "data-filter": kind }),
      el("span", { class: swatch, style: `background:${t.color}` }), t.name);
  }
  function buildFilters() {
    $("filter-relations").replaceChildren(...byCategory().map((c) => el("div", { class: "group", "data-category": c.name },
      el("div", { class: "group-label", text: c.label }), c.types.map((t) => check("relation", t, "swatch line")))));
    $("filter-entities").replaceChildren(...state.ontology.entity_types.map((t) => check("entity", t, "swatch")));
    ["filter-since", "filter-until"].forEach((id) => $(id).addEventListener("change", refresh));
    $("filter-confidence").addEventListener("input", () => {
      $("confidence-value").textContent = Number($("filter-confidence").value).toFixed(2);
      refresh();
    });
  }
  // Only what is unchecked is hidden: a type the page has no box for is still drawn.
  function applyFilters() {
    const unchecked = (kind) => new Set([...document.querySelectorAll(`[data-filter=${kind}]:not(:checked)`)].map((i) => i.value));
    const relations = unchecked("relation"), entities = unchecked("entity");
    const since = $("filter-since").value, until = $("filter-until").value;
    const minConfidence = Number($("filter-confidence").value);
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass("filtered", entities.has(n.data("type"))));
      cy.edges().forEach((e) => {
        const date = e.data("date");
        const hidden = relations.has(e.data("type")) || (e.data("confidence") || 0) < minConfidence
          || (since && (!date || date < since)) || (until && (!date || date > until))
          || e.source().hasClass("filtered") || e.target().hasClass("filtered");
        e.toggleClass("filtered", Boolean(hidden));
      });
    });
  }
  function refresh() {
    applyFilters();
    refreshInView();
    drawTimeline();
    const visible = cy.edges().not(".filtered").length;
    $("cy").setAttribute("data-visible-edges", String(visible));
  }

  // ------------------------------------------------------------------ timeline
  function drawTimeline() {
    const box = $("timeline");
    box.replaceChildren();
    const edges = cy.edges().not(".filtered").filter((e) => Boolean(e.data("date")))
      .sort((a, b) => a.data("date").localeCompare(b.data("date")));
    if (!edges.length) { box.append(el("div", { class: "empty", text: "Timeline: no dated relations in view." })); return; }
    const time = (e) => Date.parse(e.data("date"));
    const first = time(edges[0]), last = time(edges[edges.length - 1]);
    const span = Math.max(last - first, 1);
    box.append(el("div", { class: "title", text: `Timeline: ${edges.length} dated relations in view` }), el("div", { class: "axis" }));
    const at = (t) => (edges.length === 1 || last === first) ? 50 : 3 + 94 * (t - first) / span;
    box.append(el("span", { class: "tick", style: `left:${at(first)}%;transform:${last === first ? "translateX(-50%)" : "none"}`, text: edges[0].data("date") }));
    if (last !== first) box.append(el("span", { class: "tick", style: `left:${at(last)}%;transform:translateX(-100%)`, text: edges[edges.length - 1].data("date") }));
    edges.forEach((e, i) => {
      const label = `${e.data("date")}: ${e.source().data("label")} ${e.data("type")} ${e.target().data("label")}`;
      box.append(el("button", { type: "button", class: "dot", title: label, "aria-label": label,
        style: `left:calc(${at(time(e))}% + ${(i % 3) * 4}px);background:${relColor(e.data("type"))}`,
        onclick: () => { select(e); cy.animate({ center: { eles: e } }, { duration: 200 }); } }));
    });
  }

  // ------------------------------------------------------------------ path mode
  function setPathMode(on) {
    state.pathMode = on;
    $("path-mode").setAttribute("aria-pressed", String(on));
    $("path-panel").hidden = !on;
    if (!on) clearPath();
    say(on ? "Path mode: pick two entities (click them, or type them in the Path form)." : "");
    if (on) $("path-source").focus();
  }
  function clearPath() {
    state.pathPick = [];
    if (cy) cy.elements().removeClass("path faded pick");
  }
  function pick(node) {
    if (!state.pathMode) setPathMode(true);
    state.pathPick = [...state.pathPick, node.id()].slice(-2);
    cy.nodes().removeClass("pick");
    state.pathPick.forEach((id) => cy.getElementById(id).addClass("pick"));
    $("path-source").value = state.pathPick[0] || "";
    $("path-target").value = state.pathPick[1] || "";
    if (state.pathPick.length === 2) findPaths(state.pathPick[0], state.pathPick[1]);
    else say(`Path from ${node.data("label")}: now pick the other end.`);
  }
  function subgraphElements(graph) {
    return {
      nodes: graph.nodes.map((n) => ({ data: { id: n.id, label: n.name, type: n.type, country: n.country, alignment: n.alignment } })),
      edges: graph.edges.map((e) => ({ data: { ...e, source: e.subject, target: e.object, label: e.type } })),
    };
  }
  async function findPaths(source, target) {
    if (!source || !target) { say("Path mode needs two entities.", true); return; }
    say("Finding shortest paths…");
    try {
      const found = await api(`/paths?source=${encodeURIComponent(source)}&target=${encodeURIComponent(target)}`);
      if (!found.paths.length) { say("No path connects these two entities (within 4 relations).", true); return; }
      addElements(subgraphElements(found.graph), false);
      layout(false);
      refresh();
      cy.elements().removeClass("path pick").addClass("faded");
      found.paths.forEach((p) => {
        p.nodes.forEach((id) => cy.getElementById(id).removeClass("faded").addClass("path"));
        p.edges.forEach((id) => cy.getElementById(id).removeClass("faded").addClass("path"));
      });
      cy.fit(cy.elements(".path"), 60);
      if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(cy.elements(".path")); }
      const hops = found.paths[0].edges.length;
      say(`${found.paths.length} shortest path(s) of ${hops} relation(s), highlighted. Esc clears.`);
    } catch (error) {
      say(errorText(error, "entity"), true);
    }
  }

  // ------------------------------------------------------------------ saved queries
  async function loadQueries() {
    const list = await api("/queries");
    state.queries = list.items;
    $("query-select").append(...list.items.map((q) => el("option", { value: q.name, text: q.name.replace(/_/g, " ") })));
  }
  function showQueryForm() {
    const query = state.queries.find((q) => q.name === $("query-select").value);
    $("query-form").hidden = !query;
    $("query-description").textContent = query ? query.description : "";
    const box = $("query-params");
    box.replaceChildren();
    if (!query) return;
    query.params.forEach((p) => {
      const id = `param-${p.name}`;
      const value = p.default === null || p.default === undefined ? "" : Array.isArray(p.default) ? p.default.join(",") : String(p.default);
      box.append(el("label", { for: id, text: `${p.name} (${p.type})${p.required ? " *" : ""}` }),
        el("input", { id, name: p.name, value, required: p.required, title: p.description, placeholder: p.description }));
    });
  }
  async function runQuery(event) {
    event.preventDefault();
    const name = $("query-select").value;
    const params = {};
    document.querySelectorAll("#query-params input").forEach((input) => {
      if (input.value.trim() !== "") params[input.name] = input.value.trim();
    });
    say(`Running ${name}…`);
    try {
      const result = await api(`/queries/${encodeURIComponent(name)}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ params, draw: true }) });
      state.center = null;
      clearPath();
      addElements(result.graph.elements, true);
      layout();
      refresh();
      say(`${name}: ${result.rows.length} rows${result.truncated ? " (cut at the row limit)" : ""}; ` +
          `drawn: ${cy.nodes().length} entities, ${cy.edges().length} relations.` +
          (result.rows.length ? "" : " The query found nothing."));
      showRows(result);
    } catch (error) {
      say(errorText(error, "query"), true);
    }
  }
  function showRows(result) {
    const box = $("details");
    const show = (v) => v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v);
    box.replaceChildren(el("h2", { text: "Details" }), el("h3", { text: `${result.name}: ${result.rows.length} rows` }),
      el("table", { class: "rows" }, el("tr", {}, result.columns.map((c) => el("th", { text: c }))),
        result.rows.slice(0, 100).map((r) => el("tr", {}, result.columns.map((c) => el("td", { text: show(r[c]) }))))));
  }

  // ------------------------------------------------------------------ export
  function download(blob, filename) {
    const link = $("download");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }
  const baseName = () => `techkg-${state.center ? state.center.replace(/[^a-z0-9]+/gi, "-") : "view"}`;
  function exportPng() {
    download(cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 }), `${baseName()}.png`);
    say("Exported the view as PNG.");
  }
  function exportSvg() {
    download(new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }), `${baseName()}.svg`);
    say("Exported the view as SVG.");
  }
  function exportJson() {
    const visible = cy.elements().not(".filtered");
    const data = { center: state.center, elements: {
      nodes: visible.nodes().map((n) => ({ data: n.data(), position: n.position() })),
      edges: visible.edges().map((e) => ({ data: e.data() })) } };
    download(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }), `${baseName()}.json`);
    say("Exported the view as JSON.");
  }

  // ------------------------------------------------------------------ search suggestions
  let suggestTimer = null, active = -1, lastItems = [];
  function closeSuggestions() { $("suggestions").hidden = true; $("search").setAttribute("aria-expanded", "false"); active = -1; }
  async function suggest() {
    const q = $("search").value.trim();
    if (!q) { closeSuggestions(); return; }
    try {
      const found = await api(`/entities?q=${encodeURIComponent(q)}&limit=8`);
      if ($("search").value.trim() !== q) return;
      lastItems = found.items;
      const list = $("suggestions");
      list.replaceChildren(...(found.items.length ? found.items.map((item, i) => el("li", {
        role: "option", id: `sugg-${i}`, "aria-selected": "false", "data-id": item.id,
        onmousedown: (ev) => { ev.preventDefault(); choose(item); } },
      el("span", {}, el("span", { class: "swatch", style: `background:${typeColor(item.type)};border-color:${alignColor(item.alignment)}` }), " ", item.name),
      el("small", { text: item.type }))) : [el("li", { role: "option", "aria-disabled": "true", text: `No entity matches “${q}”.` })]));
      list.hidden = false;
      $("search").setAttribute("aria-expanded", "true");
      active = -1;
    } catch (error) {
      say(errorText(error, "entity"), true);
    }
  }
  function choose(item) {
    $("search").value = item.name;
    closeSuggestions();
    showEntity(item.id);
  }
  function moveActive(step) {
    const options = [...document.querySelectorAll("#suggestions li[data-id]")];
    if (!options.length) return;
    active = (active + step + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    $("search").setAttribute("aria-activedescendant", options[active].id);
  }
  async function submitSearch(event) {
    event.preventDefault();
    const q = $("search").value.trim();
    if (active >= 0 && lastItems[active]) { choose(lastItems[active]); return; }
    closeSuggestions();
    if (!q) { say("Type a name to search: the search box is empty.", true); return; }
    try {
      const found = await api(`/entities?q=${encodeURIComponent(q)}&limit=1`);
      if (!found.items.length) { say(`No entity matches “${q}”.`, true); return; }
      showEntity(found.items[0].id);
    } catch (error) {
      say(errorText(error, "entity"), true);
    }
  }

  // ------------------------------------------------------------------ start
  function legend() {
    $("legend").replaceChildren(
      ...state.ontology.sides.map((s) => el("div", { "data-side": s.name },
        el("span", { class: "swatch", style: `border-color:${s.color};background:#fff` }), ` outline: ${s.label}`)),
      el("div", { class: "hint", text: "Fill: entity type. Edge width: evidence count. Dashed: denied, planned or considered." }),
      el("details", {}, el("summary", { text: `Relation types (${state.ontology.relation_types.length})` }),
        byCategory().map((c) => el("dl", { class: "types", "data-category": c.name }, el("dt", { class: "group-label", text: c.label }),
          c.types.map((t) => el("dd", { "data-relation-type": t.name },
            el("span", { class: "swatch line", style: `background:${t.color}` }), el("strong", { text: t.name }),
            ` ${t.description}`))))),
      el("details", {}, el("summary", { text: `Entity types (${state.ontology.entity_types.length})` }),
        el("dl", { class: "types" }, state.ontology.entity_types.map((t) => el("dd", { "data-entity-type": t.name },
          el("span", { class: "swatch", style: `background:${t.color}` }), el("strong", { text: t.name }),
          ` ${t.description}`)))));
  }
  function keyboard(event) {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.key === "Escape") { closeSuggestions(); clearPath(); cy.elements().unselect(); if (state.pathMode) setPathMode(false); return; }
    if (typing) return;
    if (event.key === "/") { event.preventDefault(); $("search").focus(); }
    else if (event.key === "f") cy.fit(undefined, 40);
    else if (event.key === "p") setPathMode(!state.pathMode);
    else if (event.key === "+" || event.key === "=") cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    else if (event.key === "-") cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    else if (event.key.startsWith("Arrow") && document.activeElement === $("cy")) {
      const d = 40, by = { ArrowLeft: [d, 0], ArrowRight: [-d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] }[event.key];
      event.preventDefault(); cy.panBy({ x: by[0], y: by[1] });
    }
  }
  async function start() {
    useOntology(await api("/ontology"));
    cy = cytoscape({ container: $("cy"), style: style(), minZoom: 0.1, maxZoom: 4 });
    // cytoscape-svg registers itself when loaded after cytoscape; register it if it did not.
    if (typeof cy.svg !== "function" && window.cytoscapeSvg) cytoscape.use(window.cytoscapeSvg);
    window.techkg = { cy, state, showEntity, findPaths, setPathMode };
    cy.on("tap", "node", (event) => {
      const node = event.target;
      if (state.pathMode) { pick(node); return; }
      select(node);
      expand(node);
    });
    cy.on("tap", "edge", (event) => select(event.target));
    cy.on("dbltap", "node", (event) => showEntity(event.target.id()));
    buildFilters();
    legend();
    $("search").addEventListener("input", () => { clearTimeout(suggestTimer); suggestTimer = setTimeout(suggest, 150); });
    $("search").addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { ev.preventDefault(); moveActive(1); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); moveActive(-1); }
    });
    $("search").addEventListener("blur", () => setTimeout(closeSuggestions, 150));
    $("search-form").addEventListener("submit", submitSearch);
    $("fit").addEventListener("click", () => cy.fit(undefined, 40));
    $("path-mode").addEventListener("click", () => setPathMode(!state.pathMode));
    $("path-form").addEventListener("submit", (ev) => { ev.preventDefault(); findPaths($("path-source").value.trim(), $("path-target").value.trim()); });
    $("export-png").addEventListener("click", exportPng);
    $("export-svg").addEventListener("click", exportSvg);
    $("export-json").addEventListener("click", exportJson);
    $("query-select").addEventListener("change", showQueryForm);
    $("query-form").addEventListener("submit", runQuery);
    document.addEventListener("keydown", keyboard);
    refresh();
    await loadQueries();
    const entity = new URLSearchParams(location.search).get("entity");
    if (entity) await showEntity(entity);
    else say("Search an entity to draw its neighborhood, or run a saved query.");
    document.body.setAttribute("data-ready", "true");
  }
  start().catch((error) => say(`The explorer could not start: ${error.message}`, true));
})();
