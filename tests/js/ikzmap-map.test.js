// Unit tests of the map's browser module (ikzmap/web/ikzmap-map.js): spec -> styles,
// tooltips, screen-reader labels and legend. Run by node's own test runner:
//   node --test tests/js/
// (tests/test_js_module.py runs them as part of the suite).
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const IkzMap = require(path.join(__dirname, "..", "..", "ikzmap", "web", "ikzmap-map.js"));

const HOSTILE = "<img src=x onerror=alert(1)>";
const spec = {
  level: "kreis",
  label: "IKZ-Aktivitäten (Anzahl)",
  keyAlias: "Schlüssel",
  units: {
    "05562": ["#08306b", IkzMap.STATUS.VALUE, "453", "veröffentlicht"],
    "05111": ["#d9d9d9", IkzMap.STATUS.NOT_SURVEYED, "nicht erhoben", "–"],
    "05999": ["#ffffff", IkzMap.STATUS.NO_DATA, "keine Daten", "hochgeladen"],
  },
};
const feature = (id, label, type = "Kreis") => ({ id, properties: { label, type } });

test("a unit's style follows its fill and status", () => {
  assert.deepEqual(IkzMap.styleFor(spec, "05562"),
    { fillColor: "#08306b", weight: 0.7, fillOpacity: 0.9, color: "#5a5a5a" });
  const notSurveyed = IkzMap.styleFor(spec, "05111");
  assert.equal(notSurveyed.dashArray, "3 3"); // "nicht erhoben": dashed, not only a colour
  assert.equal(IkzMap.styleFor(spec, "05999").color, "#9a9a9a");
  assert.equal(IkzMap.styleFor(spec, "00000").fillOpacity, 0); // a unit the spec lacks
});

test("tooltip rows: name, type, value, provenance, key", () => {
  const rows = IkzMap.tooltipRows(spec, feature("05562", "Kreis Recklinghausen"));
  assert.deepEqual(rows, [["Name", "Kreis Recklinghausen"], ["Art", "Kreis"],
    ["IKZ-Aktivitäten (Anzahl)", "453"], ["Herkunft", "veröffentlicht"],
    ["Schlüssel", "05562"]]);
});

test("a unit not surveyed has no provenance row", () => {
  const rows = IkzMap.tooltipRows(spec, feature("05111", "Düsseldorf", "Kreisfreie Stadt"));
  assert.deepEqual(rows.map((r) => r[0]), ["Name", "Art", "IKZ-Aktivitäten (Anzahl)",
    "Schlüssel"]);
  assert.equal(rows[2][1], "nicht erhoben");
});

test("tooltip HTML escapes every text", () => {
  const html = IkzMap.tooltipHtml(
    IkzMap.tooltipRows({ ...spec, label: HOSTILE }, feature("05562", HOSTILE, "<b>")));
  assert.ok(!html.includes("<img") && !html.includes("<b>"));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(html.endsWith("<tr><th>Schlüssel</th><td>05562</td></tr></table>"));
});

test("screen readers hear name, value and provenance", () => {
  assert.equal(IkzMap.spokenLabel(spec, feature("05562", "Kreis Recklinghausen")),
    "Kreis Recklinghausen (Kreis): IKZ-Aktivitäten (Anzahl) 453; Herkunft: veröffentlicht");
  assert.equal(IkzMap.spokenLabel(spec, feature("05111", "Düsseldorf", "Kreisfreie Stadt")),
    "Düsseldorf (Kreisfreie Stadt): IKZ-Aktivitäten (Anzahl) nicht erhoben");
});

test("legend: classes with counts, dashed 'nicht erhoben', note; all escaped", () => {
  const html = IkzMap.legendHtml({
    title: HOSTILE,
    entries: [{ color: "#08306b", label: "151 – 453", count: 8, dashed: false },
              { color: "#d9d9d9", label: "nicht erhoben", count: 22, dashed: true },
              { color: "#ffffff", label: HOSTILE, count: null, dashed: false }],
    bivariate: null,
    note: "Hinweis & <i>Quelle</i>",
  });
  assert.ok(!html.includes("<img") && !html.includes("<i>"));
  assert.equal((html.match(/class="row"/g) || []).length, 3);
  assert.equal((html.match(/class="n"/g) || []).length, 2); // no count: no number
  assert.ok(html.includes("border-style: dashed; background: #d9d9d9"));
  assert.ok(html.includes('<div class="note">Hinweis &amp; &lt;i&gt;Quelle&lt;/i&gt;</div>'));
});

test("legend: the 2-D grid has 9 cells, the top IKZ class first, with text colours", () => {
  const colors = [["#e8e8e8", "#e4acac", "#c85a5a"], ["#b0d5df", "#ad9ea5", "#985356"],
                  ["#64acbe", "#627f8c", "#574249"]];
  const html = IkzMap.legendHtml({
    title: "IKZ × Haushalt",
    entries: [],
    bivariate: { colors, textColors: colors.map((r) => r.map(() => "#222")),
                 counts: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], xTicks: ["a", "b", "c"],
                 yTicks: ["wenig", "mittel", "viel"], xLabel: "HSK", yLabel: "IKZ" },
    note: null,
  });
  assert.equal((html.match(/<td style=/g) || []).length, 9);
  assert.ok(html.indexOf("<th>viel</th>") < html.indexOf("<th>wenig</th>"));
  assert.ok(html.includes('title="9 Einheiten">9</td>'));
});

test("escaping covers the five HTML characters", () => {
  assert.equal(IkzMap.esc(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
});
