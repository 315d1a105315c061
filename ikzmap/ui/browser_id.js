// This browser's random id for "my saved datasets" (ikzmap/ui/saved_panel.py): the app
// reads it from the cookie "ikzmap_browser" when a session starts; a browser without one
// gets the id of its first session (data.id), so what that session saves is listed later.
// Only the page's own server sees it; nothing is sent from here (no rerun).
const NAME = "ikzmap_browser";
const VALID = /^[0-9a-f]{32}$/;
const MAX_AGE_S = 400 * 24 * 3600; // the longest a browser keeps a cookie

function current() {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${NAME}=`));
  return found ? found.slice(NAME.length + 1) : null;
}

export default function render({ data }) {
  const id = data && data.id;
  if (!VALID.test(id || "") || VALID.test(current() || "")) return;
  document.cookie = `${NAME}=${id}; path=/; max-age=${MAX_AGE_S}; SameSite=Strict`;
}
