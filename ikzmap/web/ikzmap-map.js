// The atlas's map, drawn in the browser from a JSON specification built in Python
// (ikzmap/mapspec.py). ONE file for every outlet: the app's Streamlit element
// (ikzmap/ui/map_component.js loads it from the app's static folder), the offline HTML
// export (a folium plugin inlines it: ikzmap/mapview.py) and the static atlas
// (ikzmap/publish). No code is generated or evaluated: the spec is data, every text in it
// is escaped before it reaches the page.
//
// A classic script (UMD): in a page it defines window.IkzMap, in node it is a CommonJS
// module (tests/js). Leaflet (window.L) is needed only by attach/create.
//
// Spec: {level, title, summary, label, keyAlias, attribution,
//        units: {key: [fill, status, value text, provenance text]},   status: STATUS
//        legend: {title, entries: [{color, label, count, dashed}], note,
//                 bivariate: {colors, textColors, counts, xTicks, yTicks, xLabel, yLabel}},
//        tiles: null | {url, attribution},
//        geometry: {url} | {data: FeatureCollection (id = key; label, type)}}
// The map's container dispatches "ikzmap:select" (detail: key) on a click or Enter, and
// "ikzmap:view" when panning and zooming have come to rest (detail: {zoom, mitte} or {}
// for the default view).
(function umd(root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.IkzMap = factory();
}(typeof self !== "undefined" ? self : this, () => {
  const STATUS = { VALUE: 0, NO_DATA: 1, NOT_SURVEYED: 2 };
  const OUTLINE_COLOR = "#5a5a5a";
  const EDGES = [{ color: OUTLINE_COLOR }, { color: "#9a9a9a" },
                 { color: "#7a7a7a", dashArray: "3 3" }];
  const SELECTED = { color: "#d7301f", weight: 3.5, fill: false };
  const HIGHLIGHT = { color: "#08306b", weight: 2.5, dashArray: "5 3", fill: true,
    fillColor: "#08306b", fillOpacity: 0.12 };
  // A Landschaftsverband's area (a layer of its own, under the participants' marks): a
  // solid violet edge and a faint tint, told apart from HIGHLIGHT by colour AND dashing.
  const TERRITORY = { color: "#54278f", weight: 2, fill: true, fillColor: "#54278f",
    fillOpacity: 0.08 };
  const HOVER = { weight: 3, color: "#000000" };
  const OUTLINE_PANE = "ikzSelection"; // above the units, so a hovered unit cannot hide it
  const TERRITORY_PANE = "ikzTerritory"; // above the units, below the marks and selection
  const NRW_CENTER = [51.48, 7.55];
  const NRW_BOUNDS = [[50.32, 5.86], [52.54, 9.47]]; // holds every boundary (geo layers)
  const CONTROL_GAP = 4; // px kept free around the legend and the other controls
  // Where NRW's box goes in the free space of the default view (x, y; 0.5: centred),
  // tried in this order: centred first, towards the top left (away from the legend) last.
  const HOME_SHARES = [[0.5, 0.5], [0.25, 0.5], [0.5, 0.25], [0.25, 0.25], [0, 0.5],
                       [0.5, 0], [0, 0.25], [0.25, 0], [0, 0]];
  const VIEW_QUIET_MS = 700;
  const LOADING_TEXT = "Karte wird geladen …";
  const KEYBOARD_HELP = "Tastatur: Tab führt zu einer Einheit der Karte, die Pfeiltasten zur "
    + "benachbarten Einheit, Enter oder Leertaste zeigt ihre Angaben neben der Karte.";
  const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  // ---- pure: spec -> styles, texts, legend (tested in node) ----

  function esc(value) {
    return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  }

  function styleFor(spec, key) {
    const unit = spec.units[key];
    if (!unit) return { fillColor: "#ffffff", fillOpacity: 0, weight: 0.7, ...EDGES[1] };
    return { fillColor: unit[0], weight: 0.7, fillOpacity: 0.9, ...EDGES[unit[1]] };
  }

  function tooltipRows(spec, feature) {
    const unit = spec.units[feature.id] || ["keine Daten", STATUS.NO_DATA, "keine Daten", "–"];
    const rows = [["Name", feature.properties.label], ["Art", feature.properties.type],
                  [spec.label, unit[2]]];
    if (unit[1] !== STATUS.NOT_SURVEYED) rows.push(["Herkunft", unit[3]]);
    rows.push([spec.keyAlias, feature.id]);
    return rows;
  }

  function tooltipHtml(rows) {
    const cells = rows.map(([name, value]) => `<tr><th>${esc(name)}</th><td>${esc(value)}</td></tr>`);
    return `<table>${cells.join("")}</table>`;
  }

  // What a screen reader says for a unit: name, type, value and provenance.
  function spokenLabel(spec, feature) {
    const unit = spec.units[feature.id];
    const { label, type } = feature.properties;
    if (!unit) return `${label} (${type}): ${spec.label} keine Daten`;
    const text = `${label} (${type}): ${spec.label} ${unit[2]}`;
    return unit[1] !== STATUS.NOT_SURVEYED ? `${text}; Herkunft: ${unit[3]}` : text;
  }

  function swatch(color, dashed) {
    const border = dashed ? "border-style: dashed; " : "";
    return `<span class="sw" style="${border}background: ${esc(color)}"></span>`;
  }

  function entryHtml(entry) {
    const count = entry.count === null || entry.count === undefined
      ? "" : `<span class="n">${esc(entry.count)}</span>`;
    return `<div class="row">${swatch(entry.color, entry.dashed)}`
      + `<span>${esc(entry.label)}</span>${count}</div>`;
  }

  function bivariateHtml(grid) {
    const rows = [];
    for (let i = grid.colors.length - 1; i >= 0; i -= 1) {
      const cells = grid.colors[i].map((fill, b) => `<td style="background: ${esc(fill)}; `
        + `color: ${esc(grid.textColors[i][b])}" title="${esc(grid.counts[i][b])} Einheiten">`
        + `${esc(grid.counts[i][b])}</td>`);
      rows.push(`<tr><th>${esc(grid.yTicks[i])}</th>${cells.join("")}</tr>`);
    }
    const ticks = grid.xTicks.map((t) => `<th>${esc(t)}</th>`).join("");
    return `<div class="bi"><div class="bi-y">${esc(grid.yLabel)} ↑</div>`
      + `<table class="bi-grid">${rows.join("")}<tr><td></td>${ticks}</tr></table>`
      + `<div class="bi-x">${esc(grid.xLabel)} →</div></div>`;
  }

  // Legend markup (classes, 2-D grid, "keine Daten", "nicht erhoben"); all text escaped.
  function legendHtml(legend) {
    const parts = [`<h2>${esc(legend.title)}</h2>`];
    if (legend.bivariate) parts.push(bivariateHtml(legend.bivariate));
    for (const entry of legend.entries) parts.push(entryHtml(entry));
    if (legend.note) parts.push(`<div class="note">${esc(legend.note)}</div>`);
    return parts.join("");
  }

  // ---- Leaflet: layer, legend, keyboard, default view ----

  const pending = new Map(); // url -> Promise of its parsed JSON, one load per page

  // A page may have started the request already (window.ikzmapPrefetch: url -> fetch
  // promise, set before this file has loaded); it is taken once.
  function request(url) {
    const early = typeof window !== "undefined" ? window.ikzmapPrefetch?.get(url) : undefined;
    if (early) window.ikzmapPrefetch.delete(url);
    return early || fetch(url);
  }

  function json(url) {
    if (!pending.has(url)) {
      const promise = request(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.json();
      });
      promise.catch(() => pending.delete(url)); // a failed load may be retried
      pending.set(url, promise);
    }
    return pending.get(url);
  }

  function geometry(spec) {
    return spec.geometry.data ? Promise.resolve(spec.geometry.data) : json(spec.geometry.url);
  }

  // The legend as a control; a button folds it down to its title, so it never hides units
  // for good. The choice holds for the maps drawn later on the same page.
  function addLegend(map, legend) {
    const control = L.control({ position: "bottomright" });
    control.onAdd = () => {
      const div = L.DomUtil.create("div", "ikz-legend");
      div.setAttribute("role", "region");
      div.setAttribute("aria-label", "Legende");
      div.innerHTML = legendHtml(legend);
      const button = L.DomUtil.create("button", "ikz-legend-toggle", div);
      button.type = "button";
      const show = (folded) => {
        div.classList.toggle("folded", folded);
        button.setAttribute("aria-expanded", String(!folded));
        button.title = folded ? "Legende aufklappen" : "Legende einklappen";
        button.setAttribute("aria-label", button.title);
        button.textContent = folded ? "+" : "−";
      };
      show(window.ikzmapLegendFolded === true);
      L.DomEvent.on(button, "click", () => {
        window.ikzmapLegendFolded = !div.classList.contains("folded");
        show(window.ikzmapLegendFolded);
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    control.addTo(map);
  }

  function select(map, key) {
    map.getContainer().dispatchEvent(new CustomEvent("ikzmap:select",
      { bubbles: true, detail: key }));
  }

  // The units as the map's layer; once the geometry has arrived, ``beforeDraw()`` runs
  // with the units' rings known (map.ikzRings) and the layer still empty.
  function addUnits(map, spec, beforeDraw) {
    const layer = L.geoJson(null, {
      style: (f) => styleFor(spec, f.id),
      onEachFeature: (f, l) => {
        l.bindTooltip(tooltipHtml(tooltipRows(spec, f)), { sticky: true, className: "ikz-tip" });
        l.on({
          click: () => select(map, f.id),
          mouseover: (e) => {
            e.target.setStyle(HOVER);
            e.target.bringToFront();
          },
          mouseout: (e) => layer.resetStyle(e.target),
        });
      },
    }).addTo(map);
    layer.ready = geometry(spec).then((data) => {
      map.ikzRings = unitRings(map, data);
      beforeDraw();
      layer.addData(data);
      layer.eachLayer((l) => {
        const el = l.getElement && l.getElement();
        if (el) {
          el.setAttribute("role", "img");
          el.setAttribute("aria-label", spokenLabel(spec, l.feature));
        }
      });
    });
    map.ikzLayer = layer;
    return layer;
  }

  function unitLayer(map, key) {
    let hit = null;
    map.ikzLayer.eachLayer((l) => { if (l.feature.id === key) hit = l; });
    return hit;
  }

  // Until the layer's features are drawn, a German status note over the map (the geometry
  // may take a second or more to arrive), so the page is never an empty box without a word.
  function loadingNote() {
    const box = document.createElement("div");
    box.className = "ikz-map-loading";
    box.setAttribute("role", "status");
    box.textContent = LOADING_TEXT;
    return box;
  }

  function noteUntilDrawn(map) {
    const note = loadingNote();
    note.classList.add("over");
    map.getContainer().appendChild(note);
    const done = () => note.remove();
    map.ikzLayer.ready.then(done, done);
  }

  // A mouse press on the map must not scroll the page. Left alone, the browser focuses the
  // pressed path (Leaflet's tooltip focus listeners make it focusable) and Leaflet focuses
  // the map's container; each focus scrolls its element into view, so where the map reaches
  // below the window the page moves between press and release, the release lands on
  // another unit and the click is lost. Instead the container takes focus without scrolling
  // (Leaflet then sees it focused: arrow keys still pan) and the path none (no focus ring
  // after a click); controls (zoom buttons, legend) keep the browser's own behaviour.
  function focusWithoutScrolling(div) {
    div.addEventListener("mousedown", (e) => {
      if (e.button !== 0 || e.target.closest(".leaflet-control")) return;
      e.preventDefault();
      if (document.activeElement !== div) div.focus({ preventScroll: true });
    }, true);
  }

  // Keyboard: the units are one Tab stop (roving tabindex: the selected unit, else the first
  // in reading order); arrow keys move to the nearest unit in that direction (the map pans
  // to keep it in view), Home/End to the first/last, Escape back to the map; Enter or Space
  // selects the focused unit like a click. Each unit is a button named by its name, value
  // and provenance (the layer's aria-label); its tooltip opens on focus.
  function unitOf(map, el) {
    return map.ikzUnits?.find((u) => u.el === el) || null;
  }

  function rove(map, unit) {
    for (const u of map.ikzUnits) u.el.setAttribute("tabindex", u === unit ? "0" : "-1");
  }

  function focusUnit(map, unit) {
    rove(map, unit);
    if (!map.getBounds().contains(unit.center)) map.panTo(unit.center);
    unit.el.focus({ preventScroll: true });
  }

  // The nearest unit ahead in direction [dx, dy] (screen), units straight ahead preferred.
  function neighbour(map, from, [dx, dy]) {
    const origin = map.latLngToLayerPoint(from.center);
    let best = null;
    let bestScore = Infinity;
    for (const unit of map.ikzUnits) {
      if (unit === from) continue;
      const d = map.latLngToLayerPoint(unit.center).subtract(origin);
      const ahead = d.x * dx + d.y * dy;
      if (ahead <= 0) continue;
      const score = ahead + 2 * Math.abs(d.x * dy - d.y * dx);
      if (score < bestScore) {
        best = unit;
        bestScore = score;
      }
    }
    return best;
  }

  function markSelected(map, key) {
    if (!map.ikzUnits?.length) return;
    let chosen = map.ikzUnits[0];
    for (const unit of map.ikzUnits) {
      const selected = unit.key === key;
      if (selected) chosen = unit;
      unit.el.setAttribute("aria-pressed", String(selected));
    }
    if (!map.ikzUnits.some((u) => u.el === document.activeElement)) rove(map, chosen);
  }

  function keyboardUnits(map, selectedKey) {
    return map.ikzLayer.ready.then(() => {
      const units = [];
      map.ikzLayer.eachLayer((l) => {
        const el = l.getElement?.();
        if (!el) return;
        el.setAttribute("role", "button");
        units.push({ key: l.feature.id, el, center: l.getBounds().getCenter() });
      });
      units.sort((a, b) => b.center.lat - a.center.lat || a.center.lng - b.center.lng);
      map.ikzUnits = units;
      markSelected(map, selectedKey());
    });
  }

  function selectByKeyboard(map) {
    const div = map.getContainer();
    div.addEventListener("keydown", (e) => {
      const unit = unitOf(map, e.target);
      if (!unit) return;
      let next = null;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(map, unit.key);
        return;
      }
      if (ARROWS[e.key]) next = neighbour(map, unit, ARROWS[e.key]);
      else if (e.key === "Home") [next] = map.ikzUnits;
      else if (e.key === "End") next = map.ikzUnits[map.ikzUnits.length - 1];
      else if (e.key === "Escape") {
        e.preventDefault();
        div.focus({ preventScroll: true });
        return;
      } else return;
      e.preventDefault();
      e.stopPropagation();
      if (next) focusUnit(map, next);
    });
  }

  function describe(div, text) {
    let note = div.querySelector(".ikz-map-help");
    if (!note) {
      note = document.createElement("p");
      note.className = "ikz-map-help";
      note.id = `${div.id || "ikz-map"}-help`;
      div.appendChild(note);
      div.setAttribute("aria-describedby", note.id);
    }
    const full = text ? `${text} ${KEYBOARD_HELP}` : KEYBOARD_HELP;
    if (note.textContent !== full) note.textContent = full;
  }

  // The default view: NRW as large as it fits with no unit under the legend or another
  // control. A control may sit where NRW's box has no unit (the box's corners are mostly
  // empty), so the units' outlines are tested, not the box: from the largest zoom that
  // fits the box, NRW as centred as the free space allows, else shifted towards the
  // top-left corner (the legend is at the bottom right), else one zoom step out. Until the
  // layer's geometry has arrived, NRW's whole box keeps clear of the controls instead
  // (once it has arrived, the view is fitted to its shape before the units are drawn).
  function controlBoxes(map) {
    const frame = map.getContainer().getBoundingClientRect();
    return [...map.getContainer().querySelectorAll(".leaflet-control")].map((el) => {
      const r = el.getBoundingClientRect();
      return L.bounds([r.left - frame.left - CONTROL_GAP, r.top - frame.top - CONTROL_GAP],
                      [r.right - frame.left + CONTROL_GAP, r.bottom - frame.top + CONTROL_GAP]);
    }).filter((b) => b.getSize().x > CONTROL_GAP * 2 && b.getSize().y > CONTROL_GAP * 2);
  }

  // The units' rings in pixels at zoom 0, each with its box (other zooms scale them), from
  // the GeoJSON itself: the default view is known before the layer projects its paths, so
  // they are drawn once, at that view (measured: one projection of the Kreise saved,
  // 60-100 ms of a page's first map under load).
  function unitRings(map, data) {
    const rings = [];
    const crs = map.options.crs;
    const addRing = (coords) => {
      const points = coords.map((c) => crs.latLngToPoint(L.GeoJSON.coordsToLatLng(c), 0));
      if (points.length) rings.push({ points, box: L.bounds(points) });
    };
    for (const feature of data.features || []) {
      const geom = feature.geometry;
      if (!geom) continue;
      if (geom.type === "Polygon") geom.coordinates.forEach(addRing);
      else if (geom.type === "MultiPolygon") geom.coordinates.forEach((p) => p.forEach(addRing));
    }
    return rings;
  }

  function inside(rings, point) {
    let odd = false; // even-odd over all rings: the units do not overlap
    for (const { points, box } of rings) {
      if (!box.contains(point)) continue;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const a = points[i];
        const b = points[j];
        if ((a.y > point.y) !== (b.y > point.y)
            && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) odd = !odd;
      }
    }
    return odd;
  }

  function coversUnits(rings, box) {
    for (const { points, box: ringBox } of rings) {
      if (!ringBox.intersects(box)) continue;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        if (L.LineUtil.clipSegment(points[j], points[i], box, false, false)) return true;
      }
    }
    return inside(rings, box.getCenter());
  }

  // NRW's box at ``zoom``, placed at share (sx, sy) of the free space (0.5: centred).
  function placed(map, zoom, sx, sy) {
    const bounds = L.latLngBounds(NRW_BOUNDS);
    const topLeft = map.project(bounds.getNorthWest(), zoom);
    const extent = map.project(bounds.getSouthEast(), zoom).subtract(topLeft);
    const free = map.getSize().subtract(extent);
    const offset = L.point(free.x * sx, free.y * sy);
    const origin = topLeft.subtract(offset); // the map's top-left corner, in pixels at zoom
    return { center: map.unproject(origin.add(map.getSize().divideBy(2)), zoom), zoom, origin,
             free, box: L.bounds(offset, offset.add(extent)) };
  }

  function clear(view, boxes, rings) {
    if (view.free.x < 0 || view.free.y < 0) return false;
    const scale = 2 ** view.zoom;
    return boxes.every((box) => {
      if (!rings.length) return !view.box.intersects(box); // no geometry yet: NRW's box
      const world = L.bounds(box.min.add(view.origin).divideBy(scale),
                             box.max.add(view.origin).divideBy(scale));
      return !coversUnits(rings, world);
    });
  }

  function computeHome(map) {
    const boxes = controlBoxes(map);
    const rings = map.ikzRings || [];
    const snap = map.options.zoomSnap || 0.25;
    const top = map.getBoundsZoom(L.latLngBounds(NRW_BOUNDS));
    for (let zoom = top; zoom >= top - 3; zoom -= snap) {
      for (const share of HOME_SHARES) {
        const view = placed(map, zoom, share[0], share[1]);
        if (clear(view, boxes, rings)) return view;
      }
    }
    return placed(map, top, 0.5, 0.5);
  }

  function homeView(map) {
    const legend = map.getContainer().querySelector(".ikz-legend");
    const size = map.getSize();
    const key = [size.x, size.y, legend ? legend.offsetWidth : 0,
                 legend ? legend.offsetHeight : 0, map.ikzRings ? map.ikzRings.length : 0].join(",");
    if (map.ikzHome?.key !== key) map.ikzHome = { key, view: computeHome(map) };
    return map.ikzHome.view;
  }

  function goHome(map, animate) {
    const home = homeView(map);
    map.ikzShownHome = home;
    map.setView(home.center, home.zoom, { animate });
  }

  function sameView(map, view) {
    if (Math.abs(map.getZoom() - view.zoom) > 1e-9) return false;
    const { zoom } = view;
    return map.project(map.getCenter(), zoom).distanceTo(map.project(view.center, zoom)) < 1;
  }

  function atHome(map) {
    return sameView(map, homeView(map));
  }

  // The view as a link's parameters (text); none for the default view.
  function viewParams(map) {
    if (atHome(map)) return {};
    const c = map.getCenter();
    return { zoom: String(Math.round(map.getZoom() * 100) / 100),
             mitte: `${c.lat.toFixed(4)},${c.lng.toFixed(4)}` };
  }

  function reportView(map) {
    clearTimeout(map.ikzViewTimer);
    map.ikzViewTimer = setTimeout(() => {
      if (!map.getContainer().isConnected) return;
      map.getContainer().dispatchEvent(new CustomEvent("ikzmap:view",
        { bubbles: true, detail: viewParams(map) }));
    }, VIEW_QUIET_MS);
  }

  function showCamera(map, camera) {
    const home = homeView(map);
    const center = camera.lat !== null && camera.lat !== undefined
      ? [camera.lat, camera.lon] : home.center;
    const zoom = camera.zoom !== null && camera.zoom !== undefined ? camera.zoom : home.zoom;
    map.setView(center, zoom, { animate: false });
  }

  function ensurePane(map) {
    if (!map.getPane(OUTLINE_PANE)) {
      map.createPane(OUTLINE_PANE).style.zIndex = 450; // overlays: 400, tooltips: 650
    }
    if (!map.getPane(TERRITORY_PANE)) map.createPane(TERRITORY_PANE).style.zIndex = 440;
  }

  // The units of ``keys`` as one non-interactive layer in ``pane`` (null for none); the
  // map's container tells how many it drew in data-<name> (for tests and screen checks).
  function groupLayer(map, keys, style, pane, name) {
    const set = new Set(keys || []);
    const features = [];
    map.ikzLayer.eachLayer((l) => { if (set.has(l.feature.id)) features.push(l.feature); });
    map.getContainer().dataset[name] = String(features.length);
    if (!features.length) return null;
    ensurePane(map);
    return L.geoJSON({ type: "FeatureCollection", features },
      { style, interactive: false, pane }).addTo(map);
  }

  // What callers do with a drawn map: outline the selected unit, mark a group of units,
  // zoom to a unit (the spec's home_key, NRW's: the default view).
  class Controller {
    constructor(map) {
      this.map = map;
      this.ready = map.ikzLayer.ready;
      this.selected = undefined;
      this.marked = undefined;
      this.outlineLayer = null;
      this.marksLayer = null;
      this.shownTerritory = undefined;
      this.territoryLayer = null;
    }

    select(key) {
      const { map } = this;
      if (this.selected === key) return;
      this.selected = key;
      markSelected(map, key);
      this.ready.then(() => {
        if (this.selected !== key) return;
        if (this.outlineLayer) this.outlineLayer.remove();
        const unit = key ? unitLayer(map, key) : null;
        if (unit) ensurePane(map);
        this.outlineLayer = unit
          ? L.geoJSON(unit.feature, { style: SELECTED, interactive: false, pane: OUTLINE_PANE })
            .addTo(map)
          : null;
      });
    }

    mark(keys) {
      const { map } = this;
      const wanted = (keys || []).join(",");
      if (this.marked === wanted) return;
      this.marked = wanted;
      this.ready.then(() => {
        if (this.marked !== wanted) return;
        if (this.marksLayer) this.marksLayer.remove();
        this.marksLayer = groupLayer(map, keys, HIGHLIGHT, OUTLINE_PANE, "marked");
      });
    }

    // A territory (a Landschaftsverband's area) as a layer of its own.
    territory(keys) {
      const { map } = this;
      const wanted = (keys || []).join(",");
      if (this.shownTerritory === wanted) return;
      this.shownTerritory = wanted;
      this.ready.then(() => {
        if (this.shownTerritory !== wanted) return;
        if (this.territoryLayer) this.territoryLayer.remove();
        this.territoryLayer = groupLayer(map, keys, TERRITORY, TERRITORY_PANE, "territory");
      });
    }

    zoomTo(key) {
      const { map } = this;
      if (key === this.map.ikzHomeKey) {
        goHome(map, true);
        return;
      }
      this.ready.then(() => {
        const unit = unitLayer(map, key);
        if (unit) map.fitBounds(unit.getBounds(), { maxZoom: 12, padding: [20, 20] });
      });
    }

    describe(text) {
      describe(this.map.getContainer(), text);
    }

    atHome() {
      return atHome(this.map);
    }

    remove() {
      clearTimeout(this.map.ikzViewTimer);
      this.map.remove();
    }
  }

  // Draw the spec on an existing L.Map (a folium map in the HTML export): attribution,
  // legend, units, keyboard access and the first view. options: {camera, view, bounds,
  // selected, highlight, territory}: the first view is camera {lat, lon, zoom} from a
  // shared link, or view {center, zoom} to keep, or bounds [[south, west], [north, east]]
  // to fit, else the default view; selected: the key to outline; highlight: keys to mark;
  // territory: keys of an area drawn as a layer of its own.
  function attach(map, spec, options = {}) {
    const div = map.getContainer();
    div.classList.add("ikz-map");
    div.setAttribute("role", "region");
    div.setAttribute("aria-label", `Karte: ${spec.title}`);
    map.attributionControl.setPrefix(false).addAttribution(esc(spec.attribution));
    if (spec.tiles) {
      L.tileLayer(spec.tiles.url, { attribution: spec.tiles.attribution, maxZoom: 19 })
        .addTo(map);
    }
    addLegend(map, spec.legend);
    // The default view shown before the units arrived fits their shape before they are
    // drawn (a view the caller chose is kept).
    addUnits(map, spec, () => {
      if (map.ikzShownHome && sameView(map, map.ikzShownHome)) goHome(map, false);
    });
    map.ikzHomeKey = spec.home_key; // NRW's key, from geo (keys live in Python only)
    const controller = new Controller(map);
    focusWithoutScrolling(div);
    selectByKeyboard(map);
    describe(div, spec.summary);
    keyboardUnits(map, () => controller.selected);
    if (options.view) map.setView(options.view.center, options.view.zoom, { animate: false });
    else if (options.camera) showCamera(map, options.camera);
    else if (options.bounds) map.fitBounds(options.bounds, { animate: false });
    else goHome(map, false);
    noteUntilDrawn(map);
    map.on("moveend", () => reportView(map));
    div.ikzmap = map; // for tests and benchmarks
    if (options.selected) controller.select(options.selected);
    if (options.highlight) controller.mark(options.highlight);
    if (options.territory) controller.territory(options.territory);
    reportView(map);
    return controller;
  }

  // A new L.Map in ``div`` (the app's element, the static atlas), then attach.
  function create(div, spec, options = {}) {
    const map = L.map(div, { center: NRW_CENTER, zoom: 7.75, zoomSnap: 0.25 });
    L.control.scale().addTo(map);
    return attach(map, spec, options);
  }

  return { STATUS, esc, styleFor, tooltipRows, tooltipHtml, spokenLabel, legendHtml,
           json, attach, create };
}));
