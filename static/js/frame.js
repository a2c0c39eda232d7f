/* viewflow's date picker writes its two buttons as the English words "cancel" and "ok" in its script (viewflow.min.js,
   no gettext there): put the translated words from Django's JavaScript catalogue (locale/vi/LC_MESSAGES/djangojs.po)
   in their place whenever a picker opens. */
(function () {
  "use strict";
  var translate = window.gettext || function (text) { return text; };
  var words = { cancel: translate("Cancel"), ok: translate("OK") };
  function relabel(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll(".vf-calendar__actions .mdc-button__label").forEach(function (label) {
      var word = words[label.textContent.trim().toLowerCase()];
      if (word && label.textContent !== word) { label.textContent = word; }
    });
  }
  function start() {
    relabel(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { change.addedNodes.forEach(relabel); });
    }).observe(document.documentElement, { childList: true, subtree: true });  // Turbo swaps <body>
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
