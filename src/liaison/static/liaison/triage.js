// Consolidation page, keyboard triage: j or ArrowDown moves to the next comment row,
// k or ArrowUp to the previous one (not while typing in a field). The focused row is
// scrolled into view; Tab then reaches its actions. No dependency, no network.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-comment]"));
  if (!rows.length) return;
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(document.activeElement)) return;
    var step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    var at = rows.indexOf(document.activeElement);
    if (at < 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) return; // scroll
    var next = rows[Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
    event.preventDefault();
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  });
})();
