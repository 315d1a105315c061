// This browser's random id for "my saved datasets" (ikzmap/ui/saved_panel.py): made once,
// kept in the browser's localStorage (never sent anywhere but to this app), sent to the
// app as the state "id" when the app does not know it yet (data.known).
const KEY = "ikzmap.browser";
const VALID = /^[0-9a-f]{32}$/;

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export default function render({ data, setStateValue }) {
  let id = null;
  try {
    id = window.localStorage.getItem(KEY);
    if (!VALID.test(id || "")) {
      id = randomId();
      window.localStorage.setItem(KEY, id);
    }
  } catch (err) {
    return; // storage blocked: the session's own id is used
  }
  if (data && data.known !== id) setStateValue("id", id);
}
