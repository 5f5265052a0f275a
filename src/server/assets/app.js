// accords: the search page. Plain JavaScript over the JSON API of
// `accords serve`; no framework, nothing fetched from elsewhere.
//
// The whole state (query, filters, page, open clause) lives in the page's
// URL, so a search can be bookmarked or shared and Back/Forward replay it.
// Everything that came from the index is put into the page as text
// (textContent, text nodes), never as markup.
"use strict";

(function () {
  const PAGE_SIZE = 10;
  const AROUND = 3;

  // The facets the sidebar shows: the key in the API's `facets` object,
  // the filter parameter that selects a value, and the label.
  const FIELDS = [
    { facet: "partner", param: "partner", label: "Partner" },
    { facet: "province", param: "province", label: "Province" },
    { facet: "areas", param: "area", label: "Area" },
    { facet: "meeting_types", param: "meeting", label: "Meeting type" },
    { facet: "year", param: "year", label: "Year" },
    { facet: "kind", param: "kind", label: "Clause kind" },
  ];
  const PARAMS = FIELDS.map((f) => f.param);
  // What a coverage matrix may run over; each is also the filter that
  // selects one of its values.
  const AXES = ["partner", "province", "area", "meeting", "year", "kind"];

  const $ = (id) => document.getElementById(id);
  const input = $("q");

  // ---- State and URL ----------------------------------------------------

  function emptyFilters() {
    const filters = {};
    for (const p of PARAMS) filters[p] = [];
    return filters;
  }

  function stateFromUrl() {
    const url = new URLSearchParams(location.search);
    const filters = emptyFilters();
    for (const p of PARAMS) filters[p] = url.getAll(p).filter((v) => v !== "");
    const page = Math.max(1, parseInt(url.get("page") || "1", 10) || 1);
    const axis = (name, fallback) => (AXES.includes(url.get(name)) ? url.get(name) : fallback);
    return {
      q: url.get("q") || "",
      filters,
      page,
      clause: url.get("clause") || "",
      view: url.get("view") === "matrix" ? "matrix" : "",
      rows: axis("rows", "partner"),
      cols: axis("cols", "area"),
      similar: url.get("similar") || "",
      compare: url.get("compare") ? [url.get("left") || "", url.get("right") || ""] : null,
    };
  }

  function urlFromState(state) {
    const url = new URLSearchParams();
    if (state.q) url.set("q", state.q);
    for (const p of PARAMS) for (const v of state.filters[p]) url.append(p, v);
    if (state.page > 1) url.set("page", String(state.page));
    if (state.clause) url.set("clause", state.clause);
    if (state.view === "matrix") {
      url.set("view", "matrix");
      url.set("rows", state.rows);
      url.set("cols", state.cols);
    }
    if (state.similar) url.set("similar", state.similar);
    if (state.compare) {
      url.set("compare", "1");
      if (state.compare[0]) url.set("left", state.compare[0]);
      if (state.compare[1]) url.set("right", state.compare[1]);
    }
    const qs = url.toString();
    return qs ? "/?" + qs : "/";
  }

  function copyState(state) {
    const filters = emptyFilters();
    for (const p of PARAMS) filters[p] = state.filters[p].slice();
    return {
      q: state.q,
      filters,
      page: state.page,
      clause: state.clause,
      view: state.view,
      rows: state.rows,
      cols: state.cols,
      similar: state.similar,
      compare: state.compare ? state.compare.slice() : null,
    };
  }

  let current = stateFromUrl();

  // Moves to a new state: a new history entry (push) or a replacement of
  // the current one (while typing, so Back does not step through letters).
  function navigate(state, push) {
    const url = urlFromState(state);
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    current = state;
    render();
  }

  window.addEventListener("popstate", () => {
    current = stateFromUrl();
    render();
  });

  // ---- API ----------------------------------------------------------------

  // The API's parameters for a state: filters, with the selected years as a
  // date range, and without the filters of `except` (to count that facet's
  // values as if it were not filtered).
  function apiParams(state, except) {
    const params = new URLSearchParams();
    params.set("q", state.q);
    for (const f of FIELDS) {
      if (f.param === except || f.param === "year") continue;
      for (const v of state.filters[f.param]) params.append(f.param, v);
    }
    if (except !== "year" && state.filters.year.length > 0) {
      const years = state.filters.year.map((y) => parseInt(y, 10)).filter((y) => !isNaN(y));
      if (years.length > 0) {
        params.set("from", String(Math.min(...years)));
        params.set("to", String(Math.max(...years)));
      }
    }
    if (state.q.trim() === "") params.set("sort", "date");
    return params;
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.message ? body.message : "The server answered " + response.status + ".";
      throw new Error(message);
    }
    return body;
  }

  // ---- Rendering ------------------------------------------------------------

  let generation = 0;

  function render() {
    if (document.activeElement !== input) input.value = current.q;
    const view = current.compare
      ? "compare"
      : current.similar
        ? "similar"
        : current.clause
          ? "clause"
          : current.view === "matrix"
            ? "matrix"
            : "results";
    for (const name of ["results", "clause", "similar", "compare", "matrix"]) $(name + "-view").hidden = name !== view;
    if (view === "compare") renderCompare(current.compare);
    else if (view === "similar") renderSimilar(current.similar);
    else if (view === "clause") renderClause(current.clause);
    else if (view === "matrix") renderMatrix();
    else renderResults();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = !message;
  }

  async function renderResults() {
    const mine = ++generation;
    const state = current;
    const params = apiParams(state, null);
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String((state.page - 1) * PAGE_SIZE));
    params.set("facets", "true");

    // Each filtered facet also gets its counts without its own filter, so
    // other values stay visible and can be added (OR within a facet).
    const filtered = FIELDS.filter((f) => state.filters[f.param].length > 0);
    const requests = [getJson("/api/search?" + params.toString())];
    for (const f of filtered) {
      const p = apiParams(state, f.param);
      p.set("limit", "1");
      p.set("facets", "true");
      requests.push(getJson("/api/search?" + p.toString()));
    }
    let answers;
    try {
      answers = await Promise.all(requests);
    } catch (e) {
      if (mine !== generation) return;
      showError(e.message);
      $("status").textContent = "";
      $("hits").replaceChildren();
      $("exports").hidden = true;
      $("suggestion").hidden = true;
      $("pager").hidden = true;
      renderChips(state);
      return;
    }
    if (mine !== generation) return;
    showError("");
    const results = answers[0];
    const facets = Object.assign({}, results.facets || {});
    filtered.forEach((f, i) => {
      const other = answers[i + 1].facets || {};
      facets[f.facet] = other[f.facet] || {};
    });
    renderStatus(results, state);
    renderSuggestion(results, state);
    renderChips(state);
    renderFacets(facets, state);
    renderHits(results);
    renderPager(results, state);
    renderExports(state);
  }

  function renderStatus(results, state) {
    const total = results.total;
    const offset = typeof results.offset === "number" ? results.offset : (state.page - 1) * PAGE_SIZE;
    const partial = results.hits.filter((hit) => hit.match === "partial").length;
    const full = results.hits.length - partial;
    const what = state.q.trim() ? "for \u201c" + state.q + "\u201d" : "in the index";
    let text;
    if (total === 0 && partial > 0) {
      text = "No clause holds every word of \u201c" + state.q + "\u201d";
    } else {
      text = total + (total === 1 ? " clause " : " clauses ") + what;
      if (full > 0 && full < total) text += ", showing " + (offset + 1) + "\u2013" + (offset + full);
    }
    if (partial > 0) {
      const of = typeof results.partial_total === "number" ? " of " + results.partial_total : "";
      text += "; " + partial + of + " partial matches (holding some of the words) follow";
    }
    text += " (" + results.took_ms + " ms)";
    $("status").textContent = text;
  }

  // Full matches and, once they are listed, the partial ones.
  function listed(results) {
    return results.total + (typeof results.partial_total === "number" ? results.partial_total : 0);
  }

  function renderSuggestion(results, state) {
    const box = $("suggestion");
    box.replaceChildren();
    if (!results.suggestion) {
      box.hidden = true;
      return;
    }
    const next = copyState(state);
    next.q = results.suggestion;
    next.page = 1;
    const link = el("a", "suggestion-link", results.suggestion);
    link.href = urlFromState(next);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = next.q;
      navigate(next, true);
    });
    box.append("Did you mean ", link, "?");
    box.hidden = false;
  }

  function renderChips(state) {
    const box = $("chips");
    box.replaceChildren();
    for (const f of FIELDS) {
      for (const value of state.filters[f.param]) {
        const chip = el("button", "chip", f.label + ": " + value);
        chip.type = "button";
        chip.setAttribute("aria-label", "Remove filter " + f.label + ": " + value);
        chip.addEventListener("click", () => toggleFilter(f.param, value));
        box.append(chip);
      }
    }
  }

  function toggleFilter(param, value) {
    const next = copyState(current);
    const values = next.filters[param];
    const at = values.indexOf(value);
    if (at >= 0) values.splice(at, 1);
    else values.push(value);
    next.page = 1;
    navigate(next, true);
  }

  function renderFacets(facets, state) {
    const box = $("facet-groups");
    box.replaceChildren();
    for (const f of FIELDS) {
      const counts = facets[f.facet];
      if (!counts) continue;
      let entries = Object.entries(counts);
      if (f.facet === "year") entries.sort((a, b) => b[0].localeCompare(a[0]));
      else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      // Selected values stay listed even when nothing else matches them.
      for (const v of state.filters[f.param]) {
        if (!entries.some(([value]) => value.toLowerCase() === v.toLowerCase())) entries.push([v, 0]);
      }
      if (entries.length === 0) continue;
      const group = el("fieldset", "facet-group");
      group.dataset.facet = f.facet;
      group.append(el("legend", null, f.label));
      const list = el("ul");
      for (const [value, count] of entries) {
        const item = el("li");
        const selected = state.filters[f.param].some((v) => v.toLowerCase() === value.toLowerCase());
        const button = el("button", "facet");
        button.type = "button";
        button.dataset.param = f.param;
        button.dataset.value = value;
        button.setAttribute("aria-pressed", selected ? "true" : "false");
        button.append(el("span", "value", value), el("span", "count", count));
        button.addEventListener("click", () => {
          const existing = current.filters[f.param].find((v) => v.toLowerCase() === value.toLowerCase());
          toggleFilter(f.param, existing === undefined ? value : existing);
        });
        item.append(button);
        list.append(item);
      }
      group.append(list);
      box.append(group);
    }
  }

  // Puts `text` into `node` with the byte ranges `ranges` ([start, end)
  // offsets into the UTF-8 encoding of text) wrapped in <mark>.
  function appendHighlighted(node, text, ranges) {
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    const sorted = (ranges || [])
      .map(([s, e]) => [Math.max(0, Math.min(s, bytes.length)), Math.max(0, Math.min(e, bytes.length))])
      .filter(([s, e]) => s < e)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let at = 0;
    for (const [start, end] of sorted) {
      if (start < at) continue;
      if (start > at) node.append(document.createTextNode(decoder.decode(bytes.subarray(at, start))));
      node.append(el("mark", null, decoder.decode(bytes.subarray(start, end))));
      at = end;
    }
    if (at < bytes.length) node.append(document.createTextNode(decoder.decode(bytes.subarray(at))));
  }

  function metaLine(item) {
    const parts = [];
    if (item.partner) parts.push(item.partner);
    if (item.areas && item.areas.length > 0) parts.push(item.areas.join(", "));
    else if (item.area_heading) parts.push(item.area_heading);
    if (item.date) parts.push(item.date);
    if (item.meeting_types && item.meeting_types.length > 0) parts.push(item.meeting_types.join(", "));
    return parts.join(" \u00b7 ");
  }

  function openClause(id) {
    const next = copyState(current);
    next.clause = id;
    navigate(next, true);
  }

  function renderHits(results) {
    const list = $("hits");
    list.replaceChildren();
    for (const hit of results.hits) {
      const item = el("li", hit.match === "partial" ? "hit partial" : "hit");
      item.dataset.id = hit.id;
      item.dataset.match = hit.match || "all";
      item.dataset.partner = hit.partner || "";
      item.append(el("p", "meta", metaLine(hit)));
      const text = el("p", "hit-text");
      appendHighlighted(text, hit.text, hit.highlights);
      item.append(text);
      const foot = el("p", "hit-foot");
      const open = el("a", "open-clause", "Read in its document");
      const next = copyState(current);
      next.clause = hit.id;
      open.href = urlFromState(next);
      open.addEventListener("click", (event) => {
        event.preventDefault();
        openClause(hit.id);
      });
      foot.append(open, similarLink(hit.id), el("span", null, hit.kind));
      if (hit.match === "partial") {
        const label = el("span", "partial-label", "partial match");
        label.title = "Holds some of the words searched for, not all";
        foot.append(label);
      }
      foot.append(el("span", "clause-id", hit.id));
      item.append(foot);
      list.append(item);
    }
  }

  function renderPager(results, state) {
    const pages = Math.max(1, Math.ceil(listed(results) / PAGE_SIZE));
    $("pager").hidden = listed(results) <= PAGE_SIZE && state.page === 1;
    $("page-label").textContent = "Page " + state.page + " of " + pages;
    $("prev").disabled = state.page <= 1;
    $("next").disabled = state.page >= pages;
  }

  function changePage(delta) {
    const next = copyState(current);
    next.page = Math.max(1, next.page + delta);
    navigate(next, true);
    window.scrollTo(0, 0);
  }

  function renderExports(state) {
    const params = apiParams(state, null);
    params.delete("sort");
    if (state.q.trim() === "") params.set("sort", "date");
    for (const format of ["csv", "json"]) {
      const p = new URLSearchParams(params);
      p.set("format", format);
      $("export-" + format).href = "/api/export?" + p.toString();
    }
    const matrix = copyState(state);
    matrix.view = "matrix";
    matrix.page = 1;
    $("open-matrix").href = urlFromState(matrix);
    $("exports").hidden = false;
  }

  // ---- The coverage matrix ----------------------------------------------------

  async function renderMatrix() {
    const mine = ++generation;
    const state = current;
    for (const [id, chosen] of [["matrix-rows", state.rows], ["matrix-cols", state.cols]]) {
      const select = $(id);
      if (select.options.length === 0) for (const a of AXES) select.append(new Option(a, a));
      select.value = chosen;
    }
    const params = apiParams(state, null);
    params.delete("sort");
    params.set("rows", state.rows);
    params.set("cols", state.cols);
    let matrix;
    try {
      matrix = await getJson("/api/matrix?" + params.toString());
    } catch (e) {
      if (mine !== generation) return;
      $("matrix-error").textContent = e.message;
      $("matrix-error").hidden = false;
      $("matrix").replaceChildren();
      return;
    }
    if (mine !== generation) return;
    $("matrix-error").hidden = true;
    const what = state.q.trim() ? " matching \u201c" + state.q + "\u201d" : "";
    $("matrix-status").textContent =
      matrix.total + (matrix.total === 1 ? " clause" : " clauses") + what + " per " + matrix.rows + " and " + matrix.columns;
    const max = Math.max(1, ...matrix.counts.flat());
    const head = el("tr");
    head.append(el("th", null, matrix.rows + " \\ " + matrix.columns));
    for (const label of matrix.column_labels) head.append(el("th", null, label));
    head.append(el("th", "total", "total"));
    const body = el("tbody");
    matrix.row_labels.forEach((row, i) => {
      const line = el("tr");
      line.append(el("th", null, row));
      matrix.column_labels.forEach((column, j) => {
        const count = matrix.counts[i][j];
        const cell = el("td", count > 0 ? "heat-" + Math.max(1, Math.ceil((5 * count) / max)) : null);
        cell.dataset.row = row;
        cell.dataset.column = column;
        cell.dataset.count = String(count);
        if (count > 0 && row !== "(none)" && column !== "(none)") {
          const next = copyState(state);
          next.view = "";
          next.page = 1;
          next.filters[matrix.rows] = [row];
          next.filters[matrix.columns] = [column];
          const link = el("a", null, count);
          link.href = urlFromState(next);
          link.title = count + " clauses: " + row + ", " + column;
          link.addEventListener("click", (event) => {
            event.preventDefault();
            navigate(next, true);
          });
          cell.append(link);
        } else if (count > 0) {
          cell.textContent = String(count);
        }
        line.append(cell);
      });
      line.append(el("td", "total", matrix.row_totals[i]));
      body.append(line);
    });
    const foot = el("tr");
    foot.append(el("th", "total", "total"));
    for (const n of matrix.column_totals) foot.append(el("td", "total", n));
    foot.append(el("td", "total", matrix.total));
    body.append(foot);
    const thead = el("thead");
    thead.append(head);
    $("matrix").replaceChildren(thead, body);
  }

  // ---- The clause in its document -------------------------------------------

  async function renderClause(id) {
    const mine = ++generation;
    let context;
    let documentView = null;
    try {
      context = await getJson("/api/clauses/" + encodeURIComponent(id) + "?around=" + AROUND);
      documentView = await getJson("/api/documents/" + encodeURIComponent(context.clause.doc_id)).catch(() => null);
    } catch (e) {
      if (mine !== generation) return;
      $("doc-title").textContent = "This clause cannot be shown";
      $("doc-meta").textContent = e.message;
      $("doc-source").replaceChildren();
      $("doc-clauses").replaceChildren();
      $("whole-document").hidden = true;
      return;
    }
    if (mine !== generation) return;
    const clause = context.clause;
    const record = documentView ? documentView.document || documentView : null;
    $("doc-title").textContent = clause.title;
    $("doc-meta").textContent = metaLine({
      partner: clause.partner,
      date: clause.date,
      meeting_types: clause.meeting_types,
    });
    const source = $("doc-source");
    source.replaceChildren();
    const url = record && record.url;
    if (url && /^https?:\/\//i.test(url)) {
      const link = el("a", null, "Read the press release");
      link.href = url;
      link.rel = "noopener noreferrer";
      source.append(link, " (" + clause.source + ")");
    } else {
      source.textContent = "Source: " + clause.source;
    }
    const all = context.before.concat([clause], context.after);
    renderDocClauses(all, clause.id);
    const clauseCount = record && typeof record.clauses === "number" ? record.clauses : null;
    const whole = $("whole-document");
    whole.hidden = !(documentView && documentView.clauses && clauseCount !== all.length);
    whole.onclick = () => {
      renderDocClauses(documentView.clauses, clause.id);
      whole.hidden = true;
    };
    const marked = document.querySelector(".doc-clause.current");
    if (marked) marked.scrollIntoView({ block: "center" });
  }

  function renderDocClauses(clauses, currentId) {
    const list = $("doc-clauses");
    list.replaceChildren();
    let heading = null;
    for (const c of clauses) {
      const item = el("li", "doc-clause" + (c.id === currentId ? " current" : ""));
      item.dataset.id = c.id;
      const areaHeading = c.area_heading || (c.areas && c.areas.join(", ")) || "";
      if (areaHeading && areaHeading !== heading) item.append(el("p", "heading", areaHeading));
      heading = areaHeading;
      item.append(el("p", "clause-text", c.text));
      if (c.id === currentId) item.setAttribute("aria-current", "true");
      list.append(item);
    }
  }

  // ---- Similar clauses and the comparison of two partners ------------------

  function similarLink(id) {
    const link = el("a", "similar-link", "Similar clauses");
    const next = copyState(current);
    next.similar = id;
    next.clause = "";
    next.compare = null;
    link.href = urlFromState(next);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      navigate(next, true);
      window.scrollTo(0, 0);
    });
    return link;
  }

  async function renderSimilar(id) {
    const mine = ++generation;
    const list = $("similar-hits");
    let results;
    try {
      results = await getJson("/api/similar?id=" + encodeURIComponent(id) + "&limit=" + PAGE_SIZE);
    } catch (e) {
      if (mine !== generation) return;
      $("similar-source").textContent = "";
      $("similar-status").textContent = e.message;
      list.replaceChildren();
      return;
    }
    if (mine !== generation) return;
    const source = results.source.clause;
    const quote = $("similar-source");
    quote.replaceChildren(el("p", "meta", metaLine(source)), el("p", null, source.text));
    const words = results.source.terms.slice(0, 8).map((t) => t.word).join(", ");
    $("similar-status").textContent =
      results.hits.length + (results.hits.length === 1 ? " clause" : " clauses") +
      " of other partners share its distinctive words (" + words + ")";
    list.replaceChildren();
    for (const hit of results.hits) {
      const item = el("li", "hit similar-hit");
      item.dataset.id = hit.id;
      item.dataset.partner = hit.partner || "";
      item.append(el("p", "meta", metaLine(hit)));
      const text = el("p", "hit-text");
      appendHighlighted(text, hit.text, hit.highlights);
      item.append(text);
      item.append(el("p", "why", "Shares " + hit.shared.join(", ") + " (" + Math.round(hit.overlap * 100) + "% of the weight)"));
      const foot = el("p", "hit-foot");
      const open = el("a", "open-clause", "Read in its document");
      const next = copyState(current);
      next.similar = "";
      next.clause = hit.id;
      open.href = urlFromState(next);
      open.addEventListener("click", (event) => {
        event.preventDefault();
        navigate(next, true);
      });
      foot.append(open, similarLink(hit.id), el("span", "clause-id", hit.id));
      item.append(foot);
      list.append(item);
    }
  }

  let partnerNames = null;

  async function renderCompare(pair) {
    const mine = ++generation;
    if (!partnerNames) {
      try {
        const facets = await getJson("/api/facets");
        partnerNames = Object.keys((facets.facets && facets.facets.partner) || {}).sort();
      } catch (e) {
        partnerNames = [];
      }
    }
    if (mine !== generation) return;
    const [left, right] = pair;
    const pickers = [$("compare-left"), $("compare-right")];
    pickers.forEach((select, side) => {
      select.replaceChildren();
      partnerNames.forEach((name) => {
        const option = el("option", null, name);
        option.value = name;
        // Unchosen, the pickers start on two different partners.
        const wanted = (side === 0 ? left : right) || partnerNames[Math.min(side, partnerNames.length - 1)];
        option.selected = name.toLowerCase() === wanted.toLowerCase();
        select.append(option);
      });
    });
    const areas = $("compare-areas");
    const pairs = $("compare-pairs");
    if (!left || !right) {
      $("compare-status").textContent = "Choose two partners to set their commitments side by side.";
      areas.replaceChildren();
      pairs.replaceChildren();
      return;
    }
    let comparison;
    try {
      comparison = await getJson("/api/compare?partner=" + encodeURIComponent(left) + "&partner=" + encodeURIComponent(right));
    } catch (e) {
      if (mine !== generation) return;
      $("compare-status").textContent = e.message;
      areas.replaceChildren();
      pairs.replaceChildren();
      return;
    }
    if (mine !== generation) return;
    const [a, b] = comparison.partners;
    const both = comparison.areas.filter((x) => !x.only).length;
    $("compare-status").textContent =
      a + " and " + b + ": " + comparison.areas.length + " areas, " + both + " of them both partners'; " +
      comparison.pairs.length + " closest pairs of clauses";
    // Labels A1, B1, ... in the order the areas list the clauses.
    const labels = [new Map(), new Map()];
    for (const area of comparison.areas) {
      [area.left, area.right].forEach((clauses, side) => {
        for (const c of clauses) if (!labels[side].has(c.id)) labels[side].set(c.id, "AB"[side] + (labels[side].size + 1));
      });
    }
    const focus = (ids) => {
      for (const node of document.querySelectorAll(".compare-clause.paired-focus")) node.classList.remove("paired-focus");
      let first = null;
      ids.forEach((id, side) => {
        for (const node of document.querySelectorAll(".compare-clause[data-side='" + side + "'][data-id='" + CSS.escape(id) + "']")) {
          node.classList.add("paired-focus");
          if (!first) first = node;
        }
      });
      if (first) first.scrollIntoView({ block: "center" });
    };
    const pairOf = [new Map(), new Map()];
    pairs.replaceChildren();
    if (comparison.pairs.length > 0) {
      pairs.append(el("h3", null, "Closest pairs"));
      const list = el("ul");
      for (const p of comparison.pairs) {
        pairOf[0].set(p.left, p);
        pairOf[1].set(p.right, p);
        const item = el("li", "compare-pair");
        item.dataset.left = p.left;
        item.dataset.right = p.right;
        const link = el("a", null, labels[0].get(p.left) + " \u2248 " + labels[1].get(p.right));
        link.href = "#";
        link.addEventListener("click", (event) => {
          event.preventDefault();
          focus([p.left, p.right]);
        });
        item.append(link, " " + Math.round(p.overlap * 100) + "%: " + p.shared.join(", "));
        list.append(item);
      }
      pairs.append(list);
    }
    areas.replaceChildren();
    for (const area of comparison.areas) {
      const box = el("section", "compare-area");
      box.dataset.area = area.area;
      if (area.only) box.dataset.only = area.only;
      const title = el("h3", null, area.area);
      if (area.only) title.append(" ", el("span", "only-label", "only " + area.only));
      box.append(title);
      const columns = el("div", "compare-columns");
      [area.left, area.right].forEach((clauses, side) => {
        const col = el("div", "compare-col compare-" + (side === 0 ? "left" : "right"));
        col.append(el("h4", null, comparison.partners[side]));
        const list = el("ol");
        for (const c of clauses) {
          const item = el("li", "compare-clause");
          item.dataset.id = c.id;
          item.dataset.side = String(side);
          item.append(el("span", "clause-label", labels[side].get(c.id)));
          item.append(document.createTextNode(c.text));
          const p = pairOf[side].get(c.id);
          if (p) {
            const other = side === 0 ? p.right : p.left;
            const link = el("a", "pair-link", "\u2248 " + labels[1 - side].get(other));
            link.href = "#";
            link.addEventListener("click", (event) => {
              event.preventDefault();
              focus([p.left, p.right]);
            });
            item.append(" ", link);
          }
          list.append(item);
        }
        if (clauses.length === 0) list.append(el("li", "none", "No clause here."));
        col.append(list);
        columns.append(col);
      });
      box.append(columns);
      areas.append(box);
    }
  }

  $("compare-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const next = copyState(current);
    next.compare = [$("compare-left").value, $("compare-right").value];
    navigate(next, true);
  });

  $("compare-link").addEventListener("click", (event) => {
    event.preventDefault();
    const next = copyState(current);
    next.compare = current.compare || ["", ""];
    navigate(next, true);
  });

  for (const id of ["similar-back", "compare-back"]) {
    $(id).addEventListener("click", () => {
      const next = copyState(current);
      next.similar = "";
      next.compare = null;
      navigate(next, true);
    });
  }

  // ---- Events -----------------------------------------------------------------

  let typing = null;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const next = copyState(current);
      next.q = input.value;
      next.page = 1;
      next.clause = "";
      next.similar = "";
      next.compare = null;
      navigate(next, false);
    }, 250);
  });

  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    const next = copyState(current);
    next.q = input.value;
    next.page = 1;
    next.clause = "";
    next.similar = "";
    next.compare = null;
    navigate(next, true);
  });

  for (const [id, key] of [["matrix-rows", "rows"], ["matrix-cols", "cols"]]) {
    $(id).addEventListener("change", () => {
      const next = copyState(current);
      next[key] = $(id).value;
      navigate(next, true);
    });
  }
  $("matrix-back").addEventListener("click", () => {
    const next = copyState(current);
    next.view = "";
    navigate(next, true);
  });

  $("prev").addEventListener("click", () => changePage(-1));
  $("next").addEventListener("click", () => changePage(1));
  $("back-to-results").addEventListener("click", () => {
    const next = copyState(current);
    next.clause = "";
    navigate(next, true);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target.isContentEditable) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  // On a narrow screen the filters start folded, so the hits come first.
  if (window.matchMedia("(max-width: 800px)").matches) $("facet-box").open = false;
  input.value = current.q;
  render();
})();
