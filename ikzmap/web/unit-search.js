// Search by name as people type, for the static atlas: the browser twin of the app's
// search (ikzmap/search.py with the name normalisation of ikzmap/upload/names.py). The
// names themselves are normalised in Python (the atlas ships them as "forms"); only the
// typed query is normalised here, by the same rules. tests/test_atlas_search.py runs both
// on the same queries and requires the same hits.
//
// index: {forms: [[form, [key, ...]], ...], classes: {key: class}, labels: {key: label},
//         levels: {key: level}}   (class: "rbz", "kreis", "stadt", "gemeinde")
(function umd(root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.IkzSearch = factory();
}(typeof self !== "undefined" ? self : this, () => {
  const LEVELS = ["rbz", "kreis", "gemeinde"];
  const MAX_QUERY = 100;
  const MAX_HITS = 5;
  const MAX_CLOSEST = 3;
  const MIN_PREFIX = 3;
  const CLOSEST_CUTOFF = 60;
  const [EXACT, PREFIX, TYPO] = [3, 2, 1];
  const UMLAUTS = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
  const LEVEL_WORDS = [
    [["kreisfreie", "stadt"], "stadt"], [["reg", "bez"], "rbz"], [["landkreis"], "kreis"],
    [["kreis"], "kreis"], [["staedteregion"], "kreis"], [["stadt"], "stadt"],
    [["gemeinde"], "stadt"], [["kommune"], "stadt"], [["hansestadt"], "stadt"],
    [["kreisstadt"], "stadt"], [["regierungsbezirk"], "rbz"], [["bezirksregierung"], "rbz"],
    [["regbez"], "rbz"], [["rbz"], "rbz"], [["rb"], "rbz"],
  ];
  const GLUED_KREIS = "kreis";
  const BRACKETS_AND_SLASH = /\(.*?\)|\[.*?\]|\/.*$/g;

  function normalizeName(text) {
    const folded = String(text).normalize("NFKC").toLowerCase().normalize("NFC")
      .replace(/[äöüß]/g, (c) => UMLAUTS[c]);
    const ascii = folded.normalize("NFKD").replace(/\p{M}/gu, "");
    return ascii.replace(/[^a-z0-9]+/g, " ").trim();
  }

  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  function stripEdge(tokens) {
    for (const [words, hint] of LEVEL_WORDS) {
      const n = words.length;
      if (tokens.length > n && same(tokens.slice(0, n), words)) return [hint, tokens.slice(n)];
      if (tokens.length > n && same(tokens.slice(-n), words)) return [hint, tokens.slice(0, -n)];
    }
    return [null, tokens];
  }

  const gluedKreis = (t) => t.endsWith(GLUED_KREIS) && t.length > GLUED_KREIS.length + 2;

  function stripKreis(tokens) {
    if (tokens.length > 1 && tokens.includes("kreis")) {
      return ["kreis", tokens.filter((t) => t !== "kreis")];
    }
    const glued = tokens.map((t) => (gluedKreis(t) ? t.slice(0, -GLUED_KREIS.length) : t));
    return same(glued, tokens) ? [null, tokens] : ["kreis", glued];
  }

  function core(text) {
    const tokens = normalizeName(text).split(" ").filter(Boolean);
    const [hint, rest] = stripEdge(tokens);
    const [kreisHint, words] = stripKreis(rest);
    return [hint || kreisHint, words.join(" ")];
  }

  function parseName(text) {
    const [hint, full] = core(text);
    const [baseHint, base] = core(String(text).replace(BRACKETS_AND_SLASH, " "));
    return { hint: hint || baseHint, full, base };
  }

  function hintAllows(hint, cls) {
    if (hint === null) return true;
    if (hint === "stadt") return cls === "stadt" || cls === "gemeinde";
    return hint === cls;
  }

  function fold(normal) {
    return normal.replaceAll("ae", "a").replaceAll("oe", "o").replaceAll("ue", "u");
  }

  function allowedTypos(query) {
    const letters = query.replaceAll(" ", "").length;
    if (letters < 4) return 0;
    return letters < 8 ? 1 : 2;
  }

  function levenshtein(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i += 1) {
      const next = [i];
      let best = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        next[j] = Math.min(previous[j] + 1, next[j - 1] + 1, previous[j - 1] + cost);
        best = Math.min(best, next[j]);
      }
      if (best > limit) return limit + 1;
      previous = next;
    }
    return previous[b.length];
  }

  // rapidfuzz's fuzz.ratio: 100 * (1 - indel distance / total length).
  function ratio(a, b) {
    const total = a.length + b.length;
    if (!total) return 100;
    let previous = new Array(b.length + 1).fill(0);
    for (let i = 1; i <= a.length; i += 1) {
      const next = [0];
      for (let j = 1; j <= b.length; j += 1) {
        next[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], next[j - 1]);
      }
      previous = next;
    }
    return (100 * 2 * previous[b.length]) / total;
  }

  function levelPreference(shown, level) {
    const here = LEVELS.indexOf(shown);
    const there = LEVELS.indexOf(level);
    return there >= here ? there - here : LEVELS.length + here - there;
  }

  function compare(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  class UnitSearch {
    constructor(index) {
      this.index = index;
      this.keysByForm = new Map(index.forms);
      this.forms = index.forms.map(([form]) => form).sort();
    }

    matches(form) {
      const found = [];
      if (this.keysByForm.has(form)) found.push([form, EXACT, 0]);
      if (form.length >= MIN_PREFIX) {
        for (const name of this.forms) {
          if (name !== form && name.startsWith(form)) found.push([name, PREFIX, 0]);
        }
      }
      const limit = allowedTypos(form);
      if (limit) {
        for (const name of this.forms) {
          const d = levenshtein(form, name, limit);
          if (d > 0 && d <= limit) found.push([name, TYPO, d]);
        }
      }
      return found;
    }

    distinct(keys) {
      const { labels } = this.index;
      const kept = [];
      for (const key of keys) {
        const samePlace = (k) => (key.startsWith(k) || k.startsWith(key)) && labels[k] === labels[key];
        if (!kept.some(samePlace)) kept.push(key);
      }
      return kept;
    }

    // {hits: [key, ...] best first, closest: [key, ...] when nothing was found}
    search(text, level) {
      const { labels, classes, levels } = this.index;
      const query = String(text).slice(0, MAX_QUERY);
      if (Object.hasOwn(labels, query.trim())) return { hits: [query.trim()], closest: [] };
      const parts = parseName(query);
      const forms = [...new Set([fold(parts.full), fold(parts.base)])].filter(Boolean);
      if (!forms.length) return { hits: [], closest: [] };
      const scored = new Map();
      for (const form of forms) {
        for (const [name, score, typos] of this.matches(form)) {
          for (const key of this.keysByForm.get(name)) {
            if (!hintAllows(parts.hint, classes[key])) continue;
            const best = scored.get(key) || [0, -99];
            if (compare([score, -typos], best) > 0) scored.set(key, [score, -typos]);
          }
        }
      }
      const ranked = [...scored].map(([key, [score, negTypos]]) =>
        [[-score, -negTypos, levelPreference(level, levels[key]), labels[key]], key]);
      ranked.sort((a, b) => compare(a[0], b[0]) || compare([a[1]], [b[1]]));
      const hits = this.distinct(ranked.map(([, key]) => key)).slice(0, MAX_HITS);
      return { hits, closest: hits.length ? [] : this.closest(forms, level) };
    }

    closest(forms, level) {
      const { labels, levels } = this.index;
      const scores = new Map();
      for (const form of forms) {
        const near = this.forms.map((name) => [name, ratio(form, name)])
          .filter(([, score]) => score >= CLOSEST_CUTOFF)
          .sort((a, b) => b[1] - a[1]).slice(0, MAX_CLOSEST);
        for (const [name, score] of near) {
          for (const key of this.keysByForm.get(name)) {
            scores.set(key, Math.max(scores.get(key) || 0, score));
          }
        }
      }
      const ranked = [...scores.keys()].sort((a, b) => compare(
        [-scores.get(a), levelPreference(level, levels[a]), labels[a]],
        [-scores.get(b), levelPreference(level, levels[b]), labels[b]],
      ));
      return this.distinct(ranked).slice(0, MAX_CLOSEST);
    }
  }

  return { UnitSearch, normalizeName, parseName, fold };
}));
