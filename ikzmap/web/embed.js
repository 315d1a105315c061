// Embeds the IKZ atlas in another page with a height that follows its content:
//   <iframe data-ikzmap src="https://example.org/atlas/index.html#ebene=kreis&einbetten=1"
//           title="IKZ-Atlas NRW" style="width:100%;height:640px;border:0"></iframe>
//   <script src="https://example.org/atlas/embed.js" defer></script>
// The atlas page reports its height with postMessage; only messages from one of these
// iframes are taken, and only a number is read from them.
(function embed() {
  const MIN = 320;
  const MAX = 4000;
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "ikzmap:height" || typeof data.height !== "number") return;
    for (const frame of document.querySelectorAll("iframe[data-ikzmap]")) {
      if (frame.contentWindow === event.source) {
        const height = Math.min(MAX, Math.max(MIN, Math.round(data.height)));
        frame.style.height = `${height}px`;
      }
    }
  });
}());
