// The map as a Streamlit components-v2 element, in the app page itself (no iframe). The map
// is drawn by the shared module ikzmap-map.js (window.IkzMap, also used by the HTML export
// and the static atlas); this file only loads it with Leaflet from the app's static folder
// and connects it to Streamlit. No code is generated or evaluated here.
//
// data (from ikzmap/ui/map_panel.py):
//   spec, spec_id       the view's map specification (ikzmap/mapspec.py) and its hash; a
//                       new spec_id redraws the map
//   scripts, styles     page-relative URLs: Leaflet and the shared module, in load order
//   element_id, height  the map's <div>
//   selected            key of the unit to outline, or null
//   highlight           keys of the units to mark (a practice example's participants), []
//   territory           keys of the units of a Landschaftsverband's area (own layer), []
//   zoom                {seq, key} in the run after a zoom request, else null: fit the map
//                       to that unit (the spec's home_key: NRW), once per seq
//   camera              {lat, lon, zoom} (each may be null) from a shared link, else null:
//                       the view of the first map drawn on the page
//   report_drawn        in a session's first paint (ikzmap/ui/first_paint.py) the session's
//                       token, else null: once the map is drawn (or has failed, or after
//                       REPORT_AFTER_MS at the latest) the state "drawn" is set to it, and
//                       the app draws the rest of the page. A token, not true: after a
//                       server restart the same element serves a new session, which asks
//                       again
// Clicks: the map dispatches "ikzmap:select" (detail: key); the unit is outlined at once,
// and the click is sent as the state "clicked" {key, n} with a click counter n that only
// grows on the page (a repeated click is still a change). State, not a one-shot trigger: if the click's rerun is superseded by another
// one, the next rerun still carries it (and its callback runs).
// The view: once panning and zooming have come to rest, the map dispatches "ikzmap:view";
// this element writes its centre and zoom into the page's URL (parameters "zoom",
// "mitte"; none for the default view) with history.replaceState: a shared link shows the
// same part of the map, and panning or zooming never reruns the app (the app keeps both
// parameters as it finds them when it writes the rest of the URL).

const LOADING_TEXT = "Karte wird geladen …";
const REPORT_AFTER_MS = 5000; // the page must not wait for a map that never comes
const pending = new Map(); // url -> Promise, one load per page
const instances = new WeakMap(); // parentElement -> instance
let clicks = Date.now(); // see "Clicks" above; also unique for an element mounted anew

function loadTag(tag, url) {
  const id = `${tag}:${url}`;
  if (!pending.has(id)) {
    const promise = new Promise((resolve, reject) => {
      const el = document.createElement(tag === "js" ? "script" : "link");
      if (tag === "js") {
        el.src = url;
        el.async = false; // in order: Leaflet before the module
      } else {
        el.rel = "stylesheet";
        el.href = url;
      }
      el.onload = resolve;
      el.onerror = () => reject(new Error(`Kartenbibliothek nicht geladen: ${url}`));
      document.head.appendChild(el);
    });
    promise.catch(() => pending.delete(id)); // a failed load may be retried
    pending.set(id, promise);
  }
  return pending.get(id);
}

// The geometry's download starts at once, in parallel with Leaflet's; the map's module
// takes the request over (window.ikzmapPrefetch) or, once it has, caches its JSON.
function prefetch(url) {
  if (!url || (window.IkzMap && window.IkzMap.json)) return;
  window.ikzmapPrefetch = window.ikzmapPrefetch || new Map();
  if (!window.ikzmapPrefetch.has(url)) window.ikzmapPrefetch.set(url, fetch(url));
}

function loadLibraries(data) {
  return Promise.all([...data.styles.map((u) => loadTag("css", u)),
                      ...data.scripts.map((u) => loadTag("js", u))]);
}

// Only our own node is replaced: Streamlit keeps the element's <style> in the parent.
function show(inst, node) {
  if (inst.node) inst.node.remove();
  inst.node = node;
  inst.parent.appendChild(node);
}

function loadingNote(height) {
  const box = document.createElement("div");
  box.className = "ikz-map-loading";
  box.setAttribute("role", "status");
  box.style.height = `${height}px`;
  box.textContent = LOADING_TEXT;
  return box;
}

function showError(inst, err) {
  if (inst.ctl) inst.ctl.remove();
  inst.ctl = null;
  inst.specId = null; // the next render tries again
  const box = document.createElement("div");
  box.className = "ikz-map-error";
  box.setAttribute("role", "alert");
  box.textContent = `Die Karte konnte nicht geladen werden: ${err.message}`;
  show(inst, box);
}

function writeView(params) {
  const url = new URL(window.location.href);
  const before = url.search;
  url.searchParams.delete("zoom");
  url.searchParams.delete("mitte");
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (url.search !== before) window.history.replaceState(window.history.state, "", url);
}

function draw(inst, data) {
  const previous = inst.ctl;
  // A redraw on the same level keeps the view the user chose; the default view is fitted
  // anew (the new legend may be larger or smaller).
  const keep = previous && inst.level === data.spec.level && !previous.atHome()
    ? { center: previous.map.getCenter(), zoom: previous.map.getZoom() } : null;
  if (previous) previous.remove();
  const div = document.createElement("div");
  div.id = data.element_id;
  div.style.height = `${data.height}px`;
  div.style.width = "100%";
  show(inst, div);
  const options = keep ? { view: keep } : (!previous && data.camera ? { camera: data.camera } : {});
  const ctl = window.IkzMap.create(div, data.spec, options);
  ctl.ready.catch((err) => { if (inst.ctl === ctl) showError(inst, err); });
  div.addEventListener("ikzmap:view", (e) => { if (inst.ctl === ctl) writeView(e.detail); });
  Object.assign(inst, { ctl, specId: data.spec_id, level: data.spec.level });
}

// Once per session: the map is drawn or has failed (the rest of the page may follow).
function reportDrawn(inst, token) {
  if (inst.data.report_drawn !== token || inst.reported === token) return;
  inst.reported = token;
  inst.send("drawn", token);
}

function apply(inst) {
  const data = inst.data;
  try {
    if (inst.specId !== data.spec_id) draw(inst, data);
    inst.ctl.describe(data.spec.summary);
    inst.ctl.select(data.selected);
    inst.ctl.mark(data.highlight);
    inst.ctl.territory(data.territory || []);
    if (data.zoom && data.zoom.seq !== inst.zoomSeq) {
      inst.zoomSeq = data.zoom.seq;
      inst.ctl.zoomTo(data.zoom.key);
    }
  } catch (err) {
    showError(inst, err);
  }
  const token = data.report_drawn;
  if (token && inst.reporting !== token) {
    inst.reporting = token;
    const done = () => reportDrawn(inst, token);
    setTimeout(done, REPORT_AFTER_MS);
    if (inst.ctl) inst.ctl.ready.then(done, done);
    else done();
  }
}

export default function render({ parentElement, data, setStateValue }) {
  let inst = instances.get(parentElement);
  if (!inst) {
    inst = { parent: parentElement, ctl: null, specId: null, zoomSeq: undefined };
    instances.set(parentElement, inst);
    parentElement.addEventListener("ikzmap:select", (e) => {
      // Outlined at once, not after the rerun (the detail panel follows with that); the
      // rerun's "selected" is then the same key, or corrects it.
      if (inst.ctl) inst.ctl.select(e.detail);
      clicks += 1;
      inst.send("clicked", { key: e.detail, n: clicks });
    });
  }
  inst.send = setStateValue;
  inst.data = data;
  if (!inst.node) show(inst, loadingNote(data.height)); // until Leaflet has arrived
  prefetch(data.spec.geometry.url);
  loadLibraries(data).then(() => apply(inst), (err) => {
    showError(inst, err);
    reportDrawn(inst, data.report_drawn);
  });
  return () => {
    if (inst.ctl) inst.ctl.remove();
    instances.delete(parentElement);
  };
}
