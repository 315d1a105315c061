// The interactive map as a Streamlit components-v2 element: folium's map script runs in the
// app page itself (no iframe, no extra bundle), Leaflet comes from the app's static folder.
//
// data (from ikzmap/ui/map_panel.py):
//   element_id, script  folium's map (ikzmap.mapview.MapScript); a new script redraws the map
//   leaflet             {js: [...], css: [...]} page-relative URLs
//   geometry_url        fetched at once, in parallel with Leaflet (the layer awaits it)
//   level, height       same level: a redraw keeps the user's pan and zoom
//   title               names the map for screen readers
//   summary             the view in one sentence: the map's description (with a keyboard
//                       help), for screen readers
//   selected            key of the unit to outline, or null
//   highlight           keys of the units to mark (a practice example's participants), []
//   zoom                {seq, key} in the run after a zoom request, else null: fit the map
//                       to that unit ("05": NRW), once per seq
//   camera              {lat, lon, zoom} (each may be null) from a shared link, else null:
//                       the view of the first map drawn on the page
// Clicks: the layer dispatches "ikzmap:select" (detail: key); sent as the state "clicked"
// {key, n} with a click counter n that only grows on the page (a repeated click is still a
// change). State, not a one-shot trigger: if the click's rerun is
// superseded by another one, the next rerun still carries it (and its callback runs).
// The view: once panning and zooming have come to rest for VIEW_QUIET_MS, the map writes
// its centre and zoom into the page's URL itself (parameters "zoom", "mitte"; none for the
// default view), with history.replaceState: a shared link shows the same part of the map,
// and panning or zooming never reruns the app (the app keeps both parameters as it finds
// them when it writes the rest of the URL).
// The default view fits NRW beside the legend, never under it (homeView).

const OUTLINE = { color: "#d7301f", weight: 3.5, fill: false };
const HIGHLIGHT = { color: "#08306b", weight: 2.5, dashArray: "5 3", fill: true,
  fillColor: "#08306b", fillOpacity: 0.12 };
const OUTLINE_PANE = "ikzSelection"; // above the units, so a hovered unit cannot hide it
const NRW_KEY = "05";
const NRW_BOUNDS = [[50.32, 5.86], [52.54, 9.47]]; // holds every boundary (geo layers)
const CONTROL_GAP = 4; // px kept free around the legend and the other controls
// Where NRW's box goes in the free space of the default view (x, y; 0.5: centred),
// tried in this order: centred first, towards the top left (away from the legend) last.
const HOME_SHARES = [[0.5, 0.5], [0.25, 0.5], [0.5, 0.25], [0.25, 0.25], [0, 0.5],
                     [0.5, 0], [0, 0.25], [0.25, 0], [0, 0]];
const VIEW_QUIET_MS = 700;
const LOADING_TEXT = "Karte wird geladen …";
const pending = new Map(); // url -> Promise, one load per page
const instances = new WeakMap(); // parentElement -> map instance
let clicks = Date.now(); // see "Clicks" above; also unique for an element mounted anew

function once(id, load) {
  if (!pending.has(id)) {
    const promise = load();
    promise.catch(() => pending.delete(id)); // a failed load may be retried
    pending.set(id, promise);
  }
  return pending.get(id);
}

function loadTag(tag, url) {
  return once(`${tag}:${url}`, () => new Promise((resolve, reject) => {
    const el = document.createElement(tag === "js" ? "script" : "link");
    if (tag === "js") {
      el.src = url;
    } else {
      el.rel = "stylesheet";
      el.href = url;
    }
    el.onload = resolve;
    el.onerror = () => reject(new Error(`Kartenbibliothek nicht geladen: ${url}`));
    document.head.appendChild(el);
  }));
}

// Parsed JSON per URL, shared by all maps of the page (the layer script uses it).
window.ikzmapJson = window.ikzmapJson || ((url) => once(`json:${url}`, () =>
  fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  })));

function loadLeaflet(urls) {
  return Promise.all([...urls.css.map((u) => loadTag("css", u)),
                      ...urls.js.map((u) => loadTag("js", u))]);
}

function unitLayer(map, key) {
  let hit = null;
  map.ikzLayer.eachLayer((l) => { if (l.feature.id === key) hit = l; });
  return hit;
}

// Only our own node is replaced: Streamlit keeps the component's <style> in the parent.
function show(inst, node) {
  if (inst.node) inst.node.remove();
  inst.node = node;
  inst.parent.appendChild(node);
}

function loadingNote(height) {
  const box = document.createElement("div");
  box.className = "ikz-map-loading";
  box.setAttribute("role", "status");
  if (height) box.style.height = `${height}px`;
  box.textContent = LOADING_TEXT;
  return box;
}

// Until the layer's features are drawn, a German status note over the map (the geometry
// may take a second or more to arrive), so the page is never an empty box without a word.
function noteUntilDrawn(inst, map) {
  const note = loadingNote(null);
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
const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
const KEYBOARD_HELP = "Tastatur: Tab führt zu einer Einheit der Karte, die Pfeiltasten zur "
  + "benachbarten Einheit, Enter oder Leertaste zeigt ihre Angaben neben der Karte.";

function unitOf(map, el) {
  return map?.ikzUnits?.find((u) => u.el === el) || null;
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

function keyboardUnits(inst, map) {
  map.ikzLayer.ready.then(() => {
    if (inst.map !== map) return;
    const units = [];
    map.ikzLayer.eachLayer((l) => {
      const el = l.getElement?.();
      if (!el) return;
      el.setAttribute("role", "button");
      units.push({ key: l.feature.id, el, center: l.getBounds().getCenter() });
    });
    units.sort((a, b) => b.center.lat - a.center.lat || a.center.lng - b.center.lng);
    map.ikzUnits = units;
    markSelected(map, inst.outlined);
  });
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

function selectByKeyboard(div) {
  div.addEventListener("keydown", (e) => {
    const map = div.ikzmap;
    const unit = unitOf(map, e.target);
    if (!unit) return;
    let next = null;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      div.dispatchEvent(new CustomEvent("ikzmap:select", { bubbles: true, detail: unit.key }));
      return;
    }
    if (ARROWS[e.key]) next = neighbour(map, unit, ARROWS[e.key]);
    else if (e.key === "Home") next = map.ikzUnits[0];
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

function describeMap(div, text) {
  let note = div.querySelector(".ikz-map-help");
  if (!note) {
    note = document.createElement("p");
    note.className = "ikz-map-help";
    note.id = `${div.id}-help`;
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
// (refitHome fits the shape once it is drawn).
function controlBoxes(map) {
  const frame = map.getContainer().getBoundingClientRect();
  return [...map.getContainer().querySelectorAll(".leaflet-control")].map((el) => {
    const r = el.getBoundingClientRect();
    return L.bounds([r.left - frame.left - CONTROL_GAP, r.top - frame.top - CONTROL_GAP],
                    [r.right - frame.left + CONTROL_GAP, r.bottom - frame.top + CONTROL_GAP]);
  }).filter((b) => b.getSize().x > CONTROL_GAP * 2 && b.getSize().y > CONTROL_GAP * 2);
}

// The units' rings in pixels at zoom 0, each with its box (other zooms scale them).
function unitRings(map) {
  if (map.ikzRings) return map.ikzRings;
  const rings = [];
  const add = (latlngs) => {
    if (!latlngs.length) return;
    if (!(latlngs[0] instanceof L.LatLng)) {
      latlngs.forEach(add);
      return;
    }
    const points = latlngs.map((ll) => map.project(ll, 0));
    rings.push({ points, box: L.bounds(points) });
  };
  map.ikzLayer.eachLayer((l) => add(l.getLatLngs()));
  if (rings.length) map.ikzRings = rings;
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

function clear(map, view, boxes, rings) {
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
  const rings = map.ikzLayer && map.ikzLayer.getLayers().length ? unitRings(map) : [];
  const snap = map.options.zoomSnap || 0.25;
  const top = map.getBoundsZoom(L.latLngBounds(NRW_BOUNDS));
  for (let zoom = top; zoom >= top - 3; zoom -= snap) {
    for (const share of HOME_SHARES) {
      const view = placed(map, zoom, share[0], share[1]);
      if (clear(map, view, boxes, rings)) return view;
    }
  }
  return placed(map, top, 0.5, 0.5);
}

function homeView(map) {
  const legend = map.getContainer().querySelector(".ikz-legend");
  const size = map.getSize();
  const key = [size.x, size.y, legend ? legend.offsetWidth : 0, legend ? legend.offsetHeight : 0,
               map.ikzLayer ? map.ikzLayer.getLayers().length : 0].join(",");
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
  const zoom = view.zoom;
  return map.project(map.getCenter(), zoom).distanceTo(map.project(view.center, zoom)) < 1;
}

// Once the units are drawn, the default view shown before them is fitted to their shape.
function refitHome(map) {
  if (map.ikzShownHome && sameView(map, map.ikzShownHome)) goHome(map, false);
}

function atHome(map) {
  return sameView(map, homeView(map));
}

// The view as the link's parameters (text, as in the URL); none for the default view (an
// empty object: a state value of null would not reach the app).
function viewParams(map) {
  if (atHome(map)) return {};
  const c = map.getCenter();
  return { zoom: String(Math.round(map.getZoom() * 100) / 100),
           mitte: `${c.lat.toFixed(4)},${c.lng.toFixed(4)}` };
}

function reportView(inst, map) {
  clearTimeout(inst.viewTimer);
  inst.viewTimer = setTimeout(() => {
    if (inst.map !== map) return;
    const url = new URL(window.location.href);
    const before = url.search;
    url.searchParams.delete("zoom");
    url.searchParams.delete("mitte");
    for (const [name, value] of Object.entries(viewParams(map))) {
      url.searchParams.set(name, value);
    }
    if (url.search !== before) window.history.replaceState(window.history.state, "", url);
  }, VIEW_QUIET_MS);
}

function showCamera(map, camera) {
  const home = homeView(map);
  const center = camera.lat !== null && camera.lat !== undefined
    ? [camera.lat, camera.lon] : home.center;
  const zoom = camera.zoom !== null && camera.zoom !== undefined ? camera.zoom : home.zoom;
  map.setView(center, zoom, { animate: false });
}

function showError(inst, err) {
  if (inst.map) inst.map.remove();
  inst.map = null;
  inst.script = null; // the next render tries again
  const box = document.createElement("div");
  box.className = "ikz-map-error";
  box.setAttribute("role", "alert");
  box.textContent = `Die Karte konnte nicht geladen werden: ${err.message}`;
  show(inst, box);
}

// Trusted code generated by the server (ikzmap.mapview); every text in it is escaped JSON.
// It ends with folium's fitBounds (for standalone files), which Leaflet animates when the
// zoom changes; the view set right after it (draw) would be undone when that animation
// ends. So the script's fit does not animate.
function runScript(data) {
  const fit = L.Map.prototype.fitBounds;
  L.Map.prototype.fitBounds = function fitAtOnce(bounds, options) {
    return fit.call(this, bounds, { ...options, animate: false });
  };
  try {
    return new Function(`${data.script}\nreturn ${data.element_id};`)();
  } finally {
    L.Map.prototype.fitBounds = fit;
  }
}

function draw(inst, data) {
  const previous = inst.map;
  // A redraw on the same level keeps the view the user chose; the default view is fitted
  // anew (the new legend may be larger or smaller).
  const keep = previous && inst.level === data.level && !atHome(previous)
    ? { center: previous.getCenter(), zoom: previous.getZoom() } : null;
  if (previous) previous.remove();
  const div = document.createElement("div");
  div.id = data.element_id;
  div.className = "ikz-map";
  div.setAttribute("role", "region");
  div.setAttribute("aria-label", `Karte: ${data.title}`);
  div.style.height = `${data.height}px`;
  div.style.width = "100%";
  show(inst, div);
  focusWithoutScrolling(div);
  selectByKeyboard(div);
  const map = runScript(data);
  describeMap(div, data.summary);
  keyboardUnits(inst, map);
  if (keep) {
    map.setView(keep.center, keep.zoom, { animate: false });
  } else if (!previous && data.camera) {
    showCamera(map, data.camera); // the first map of the page shows a shared link's view
  } else {
    goHome(map, false);
  }
  noteUntilDrawn(inst, map);
  map.ikzLayer.ready.then(() => { if (inst.map === map) refitHome(map); },
                          (err) => { if (inst.map === map) showError(inst, err); });
  map.on("moveend", () => reportView(inst, map));
  div.ikzmap = map; // for tests and benchmarks
  Object.assign(inst, { map, script: data.script, level: data.level, outline: null,
                        outlined: undefined, marks: null, marked: undefined });
  reportView(inst, map); // a new level starts in the default view: the link follows
}

function outline(inst, key) {
  const map = inst.map;
  if (inst.outlined === key) return;
  inst.outlined = key;
  markSelected(map, key);
  map.ikzLayer.ready.then(() => {
    if (inst.map !== map || inst.outlined !== key) return;
    if (inst.outline) inst.outline.remove();
    const unit = key ? unitLayer(map, key) : null;
    if (unit && !map.getPane(OUTLINE_PANE)) {
      map.createPane(OUTLINE_PANE).style.zIndex = 450; // overlays: 400, tooltips: 650
    }
    inst.outline = unit
      ? L.geoJSON(unit.feature, { style: OUTLINE, interactive: false, pane: OUTLINE_PANE })
        .addTo(map)
      : null;
  });
}

function mark(inst, keys) {
  const map = inst.map;
  const wanted = (keys || []).join(",");
  if (inst.marked === wanted) return;
  inst.marked = wanted;
  map.ikzLayer.ready.then(() => {
    if (inst.map !== map || inst.marked !== wanted) return;
    if (inst.marks) inst.marks.remove();
    const set = new Set(keys || []);
    const features = [];
    map.ikzLayer.eachLayer((l) => { if (set.has(l.feature.id)) features.push(l.feature); });
    if (features.length && !map.getPane(OUTLINE_PANE)) {
      map.createPane(OUTLINE_PANE).style.zIndex = 450;
    }
    inst.marks = features.length
      ? L.geoJSON({ type: "FeatureCollection", features },
        { style: HIGHLIGHT, interactive: false, pane: OUTLINE_PANE }).addTo(map)
      : null;
    map.getContainer().dataset.marked = String(features.length);
  });
}

function zoom(inst, request) {
  if (!request || request.seq === inst.zoomSeq) return;
  inst.zoomSeq = request.seq;
  const map = inst.map;
  if (request.key === NRW_KEY) {
    goHome(map, true);
    return;
  }
  map.ikzLayer.ready.then(() => {
    const unit = inst.map === map ? unitLayer(map, request.key) : null;
    if (unit) map.fitBounds(unit.getBounds(), { maxZoom: 12, padding: [20, 20] });
  });
}

function apply(inst) {
  const data = inst.data;
  try {
    if (inst.script !== data.script || inst.level !== data.level) draw(inst, data);
    if (inst.map) describeMap(inst.map.getContainer(), data.summary);
    outline(inst, data.selected);
    mark(inst, data.highlight);
    zoom(inst, data.zoom);
  } catch (err) {
    showError(inst, err);
  }
}

export default function render({ parentElement, data, setStateValue }) {
  let inst = instances.get(parentElement);
  if (!inst) {
    inst = { parent: parentElement, map: null, script: null, zoomSeq: undefined };
    instances.set(parentElement, inst);
    parentElement.addEventListener("ikzmap:select", (e) => {
      clicks += 1;
      inst.send("clicked", { key: e.detail, n: clicks });
    });
  }
  inst.send = setStateValue;
  inst.data = data;
  if (!inst.node) show(inst, loadingNote(data.height)); // until Leaflet has arrived
  window.ikzmapJson(data.geometry_url).catch(() => {}); // start now; the layer awaits it
  loadLeaflet(data.leaflet).then(() => apply(inst), (err) => showError(inst, err));
  return () => {
    clearTimeout(inst.viewTimer);
    if (inst.map) inst.map.remove();
    instances.delete(parentElement);
  };
}
