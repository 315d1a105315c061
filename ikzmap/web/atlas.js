// The static atlas's page (ikzmap/web/atlas.html, written by python -m ikzmap.publish): the
// view controls, search, detail panel, table and the view in the URL's hash
// (#ebene=kreis&indikator=ikz_count&auswahl=05562). The map itself is drawn by the shared
// module ikzmap-map.js (window.IkzMap) from the same spec as in the app.
//
// Data files are scripts that call IkzAtlas.put(name, data): a <script src> loads from
// file:// too, where fetch does not. Every text from the data reaches the page as text
// (textContent), never as markup.
(function atlas() {
  const store = new Map(); // name -> data
  const waiting = new Map(); // name -> [resolve]
  const requested = new Set();

  window.IkzAtlas = {
    put(name, data) {
      store.set(name, data);
      for (const resolve of waiting.get(name) || []) resolve(data);
      waiting.delete(name);
    },
  };

  function load(name, file) {
    if (store.has(name)) return Promise.resolve(store.get(name));
    return new Promise((resolve, reject) => {
      waiting.set(name, [...(waiting.get(name) || []), resolve]);
      if (requested.has(name)) return;
      requested.add(name);
      const script = document.createElement("script");
      script.src = file;
      script.onerror = () => {
        requested.delete(name);
        reject(new Error(`Datei nicht geladen: ${file}`));
      };
      document.head.appendChild(script);
    });
  }

  const $ = (id) => document.getElementById(id);
  const state = { level: null, indicator: null, selected: null, embedded: false };
  let catalog = null;
  let ctl = null;
  let drawn = null; // {level, indicator}
  let current = null; // the view's record

  // ---- the view in the URL ----

  function readHash() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    const [level, indicator] = catalog.default;
    const wanted = params.get("ebene");
    state.level = catalog.levels.some(([id]) => id === wanted) ? wanted : level;
    const ind = params.get("indikator");
    state.indicator = viewFile(state.level, ind) ? ind : firstIndicator(state.level, indicator);
    const key = params.get("auswahl");
    state.selected = key && Object.hasOwn(catalog.search.labels, key) ? key : null;
    state.embedded = params.get("einbetten") === "1";
  }

  function writeHash() {
    const params = new URLSearchParams();
    params.set("ebene", state.level);
    params.set("indikator", state.indicator);
    if (state.selected) params.set("auswahl", state.selected);
    if (state.embedded) params.set("einbetten", "1");
    const hash = `#${params.toString()}`;
    if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
  }

  function viewFile(level, indicator) {
    return catalog.views[`${level}/${indicator}`];
  }

  function firstIndicator(level, preferred) {
    if (viewFile(level, preferred)) return preferred;
    const found = catalog.indicators.find(([id]) => viewFile(level, id));
    return found ? found[0] : null;
  }

  // ---- controls ----

  function option(value, label, selected) {
    const el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    el.selected = selected;
    return el;
  }

  function fillControls() {
    $("atlas-level").replaceChildren(...catalog.levels.map(([id, name]) => option(id, name,
      id === state.level)));
    const indicators = catalog.indicators.filter(([id]) => viewFile(state.level, id));
    $("atlas-indicator").replaceChildren(...indicators.map(([id, label]) => option(id, label,
      id === state.indicator)));
  }

  // ---- the map ----

  async function show() {
    fillControls();
    writeHash();
    const name = `view-${state.level}-${state.indicator}`;
    const [record, geometry] = await Promise.all([
      load(name, viewFile(state.level, state.indicator)),
      load(`geo-${state.level}`, catalog.geo[`geo-${state.level}`]),
    ]);
    current = record;
    const spec = { ...record.spec, geometry: { data: geometry } };
    if (!drawn || drawn.level !== state.level || drawn.indicator !== state.indicator) {
      const keep = ctl && drawn.level === state.level && !ctl.atHome()
        ? { center: ctl.map.getCenter(), zoom: ctl.map.getZoom() } : null;
      if (ctl) ctl.remove();
      const div = document.createElement("div");
      div.className = "atlas-map-inner";
      div.style.height = "100%";
      $("atlas-map").replaceChildren(div);
      ctl = window.IkzMap.create(div, spec, keep ? { view: keep } : {});
      div.addEventListener("ikzmap:select", (e) => select(e.detail, false));
      drawn = { level: state.level, indicator: state.indicator };
    }
    ctl.select(state.selected);
    describeView(record, geometry);
    await showDetail();
    postHeight();
  }

  function describeView(record, geometry) {
    document.title = `${record.spec.title} – ${catalog.title}`;
    $("atlas-subtitle").textContent = `${record.spec.title} · ${record.subtitle}`;
    $("atlas-notices").replaceChildren(...record.notices.map((text) => {
      const p = document.createElement("p");
      p.className = "notice";
      p.setAttribute("role", "note");
      p.textContent = text;
      return p;
    }));
    const sources = [document.createElement("p")];
    sources[0].textContent = `Quellen: ${record.sources.join(" · ")}`;
    if (catalog.sourceNote) {
      const note = document.createElement("p");
      note.textContent = catalog.sourceNote;
      sources.push(note);
    }
    $("atlas-sources").replaceChildren(...sources);
    $("atlas-csv").href = record.csv;
    $("atlas-csv").setAttribute("download", record.csv.split("/").pop());
    fillTable(record.spec, geometry);
  }

  function cell(tag, text, attrs = {}) {
    const el = document.createElement(tag);
    el.textContent = text;
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    return el;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    tr.append(...cells);
    return tr;
  }

  function fillTable(spec, geometry) {
    const head = document.createElement("thead");
    head.append(row(["Name", "Schlüssel", "Art", spec.label, "Herkunft"].map((t) =>
      cell("th", t, { scope: "col" }))));
    const body = document.createElement("tbody");
    const features = [...geometry.features].sort((a, b) =>
      a.properties.label.localeCompare(b.properties.label, "de"));
    for (const f of features) {
      const unit = spec.units[f.id] || ["", 1, "keine Daten", "–"];
      body.append(row([cell("th", f.properties.label, { scope: "row" }), cell("td", f.id),
        cell("td", f.properties.type), cell("td", unit[2]), cell("td", unit[3])]));
    }
    const caption = cell("caption", `${spec.title} (${features.length} Einheiten)`);
    $("atlas-table").replaceChildren(caption, head, body);
  }

  // ---- selection and detail panel ----

  function levelOf(key) {
    return { 3: "rbz", 5: "kreis", 8: "gemeinde" }[key.length] || null;
  }

  async function select(key, zoom) {
    const level = levelOf(key);
    if (!level || !Object.hasOwn(catalog.search.labels, key)) return;
    state.selected = key;
    if (level !== state.level) {
      state.level = level;
      state.indicator = firstIndicator(level, state.indicator);
    }
    await show();
    if (zoom) ctl.zoomTo(key);
  }

  function lines(pairs) {
    const dl = document.createElement("dl");
    for (const [label, text] of pairs) dl.append(cell("dt", label), cell("dd", text));
    return dl;
  }

  function table(data) {
    const el = document.createElement("table");
    const head = document.createElement("thead");
    head.append(row(data.columns.map((c) => cell("th", c, { scope: "col" }))));
    const body = document.createElement("tbody");
    for (const values of data.rows) {
      body.append(row(values.map((v, i) => cell(i === 0 ? "th" : "td", v,
        i === 0 ? { scope: "row" } : {}))));
    }
    el.append(head, body);
    return el;
  }

  function budget(part) {
    const parts = [cell("h3", part.heading)];
    if (part.own) {
      parts.push(cell("p", part.own), cell("p", `Überschuldung: ${part.debt}`));
      return parts;
    }
    const peak = Math.max(1, ...part.bars.map((b) => b[1]));
    const list = document.createElement("div");
    list.setAttribute("role", "list");
    list.setAttribute("aria-label", "Gemeinden je Haushaltsstatus");
    for (const [label, n, color] of part.bars) {
      const bar = document.createElement("div");
      bar.className = "bar";
      bar.setAttribute("role", "listitem");
      const b = document.createElement("span");
      b.className = "b";
      b.style.width = `${(100 * n) / peak}%`;
      b.style.background = color;
      bar.append(cell("span", label, { class: "l" }), b,
        cell("span", `${n} ${n === 1 ? "Gemeinde" : "Gemeinden"}`));
      list.append(bar);
    }
    const frame = document.createElement("div");
    frame.className = "table-frame";
    frame.tabIndex = 0; // scrolls sideways: reachable by keyboard
    frame.setAttribute("role", "region");
    frame.setAttribute("aria-label", "Kommunen und Haushaltsstatus");
    frame.append(table(part.table));
    parts.push(list, frame);
    return parts;
  }

  function valueLine(key) {
    const unit = current.spec.units[key];
    if (!unit) return null;
    const text = unit[1] === window.IkzMap.STATUS.NOT_SURVEYED ? unit[2] : `${unit[2]} (${unit[3]})`;
    return [current.spec.label, text];
  }

  async function showDetail() {
    const panel = $("atlas-detail");
    const key = state.selected;
    if (!key) {
      panel.replaceChildren(cell("p", "Klicken Sie auf eine Einheit in der Karte oder suchen "
        + "Sie sie oben.", { class: "hint" }));
      return;
    }
    const level = levelOf(key);
    const records = await load(`details-${level}`, catalog.details[`details-${level}`]);
    const record = records[key];
    if (!record) return;
    const parts = [cell("h2", record.label), cell("p", record.context.join(" · "),
      { class: "context" })];
    const value = level === state.level ? valueLine(key) : null;
    parts.push(lines(value ? [value] : []), lines(record.ikz));
    if (record.reason) parts.push(cell("p", record.reason, { class: "note" }));
    if (record.statements.length) {
      const list = document.createElement("ul");
      list.append(...record.statements.map((s) => cell("li", s)));
      parts.push(cell("h3", "Im Bericht"), list);
    }
    parts.push(...budget(record.budget));
    if (record.kreis) {
      const kreis = (await load("details-kreis", catalog.details["details-kreis"]))[record.kreis.key];
      const button = cell("button", record.kreis.label, { type: "button", class: "link" });
      button.addEventListener("click", () => select(record.kreis.key, true));
      const p = document.createElement("p");
      p.append("Im Kreis: ", button);
      parts.push(cell("h3", "Kreis"), p, lines(kreis.ikz));
    }
    if (record.examples.length) {
      parts.push(cell("h3", `Praxisbeispiele aus dem Bericht (${record.examples.length})`));
      for (const [title, facts, text] of record.examples) {
        parts.push(cell("p", `${title} (${facts})`), cell("p", text, { class: "note" }));
      }
    }
    if (record.sources.length) {
      parts.push(cell("p", `Quellen: ${record.sources.join("; ")}`, { class: "note" }));
    }
    panel.replaceChildren(...parts);
  }

  // ---- search: the app's rules (ikzmap/web/unit-search.js, window.IkzSearch) ----

  let searcher = null;

  function matches(text) {
    searcher = searcher || new window.IkzSearch.UnitSearch(catalog.search);
    const found = searcher.search(text, state.level);
    const entry = (key) => ({ key, label: catalog.search.labels[key],
                              type: typeOf(key), level: catalog.search.levels[key] });
    return { hits: found.hits.map(entry), closest: found.closest.map(entry) };
  }

  function typeOf(key) {
    return catalog.types[key] || "";
  }

  function setupSearch() {
    const input = $("atlas-search");
    const list = $("atlas-results");
    let found = [];
    let active = -1;
    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const mark = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i >= 0) input.setAttribute("aria-activedescendant", list.children[i].id);
      else input.removeAttribute("aria-activedescendant");
    };
    const choose = (entry) => {
      close();
      input.value = entry.label;
      select(entry.key, true);
    };
    input.addEventListener("input", () => {
      const result = input.value.trim() ? matches(input.value) : { hits: [], closest: [] };
      found = result.hits;
      const items = found.map((entry, i) => {
        const li = cell("li", `${entry.label} `, { role: "option", id: `atlas-hit-${i}`,
                                                 "aria-selected": "false" });
        li.append(cell("span", `(${entry.type})`, { class: "type" }));
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          choose(entry);
        });
        return li;
      });
      let status = input.value.trim() ? `${found.length} Treffer` : "";
      if (input.value.trim() && !found.length) {
        const names = result.closest.map((e) => e.label).join(", ");
        status = names ? `Keine Treffer. Ähnliche Namen: ${names}` : "Keine Treffer.";
        items.push(cell("li", status, { class: "none", role: "option",
                                        "aria-disabled": "true" }));
      }
      list.replaceChildren(...items);
      const open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      $("atlas-search-status").textContent = status;
      mark(found.length ? 0 : -1);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" && found.length) mark((active + 1) % found.length);
      else if (e.key === "ArrowUp" && found.length) mark((active - 1 + found.length) % found.length);
      else if (e.key === "Enter") {
        if (active >= 0) choose(found[active]);
      } else if (e.key === "Escape") close();
      else return;
      e.preventDefault();
    });
    input.addEventListener("blur", close);
    $("atlas-controls").addEventListener("submit", (e) => e.preventDefault());
  }

  // ---- embedding: the page reports its height to the embedding page (embed.js) ----

  function postHeight() {
    if (!state.embedded || window.parent === window) return;
    const height = Math.ceil(document.documentElement.scrollHeight);
    window.parent.postMessage({ type: "ikzmap:height", height }, "*");
  }

  function start() {
    catalog = store.get("catalog");
    readHash();
    document.body.classList.toggle("embedded", state.embedded);
    $("atlas-title").textContent = catalog.title;
    $("atlas-level").addEventListener("change", (e) => {
      state.level = e.target.value;
      state.indicator = firstIndicator(state.level, state.indicator);
      if (state.selected && levelOf(state.selected) !== state.level) state.selected = null;
      show();
    });
    $("atlas-indicator").addEventListener("change", (e) => {
      state.indicator = e.target.value;
      show();
    });
    window.addEventListener("hashchange", () => {
      readHash();
      show();
    });
    setupSearch();
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.body);
    show().catch((err) => {
      $("atlas-map").replaceChildren(cell("p", `Die Karte konnte nicht geladen werden: `
        + `${err.message}`, { class: "ikz-map-error", role: "alert" }));
    });
  }

  document.addEventListener("DOMContentLoaded", start);
}());
