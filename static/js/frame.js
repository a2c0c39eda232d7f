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

/* A step's dossier (templates/workflows/_dossier_rows.html): "Thêm tài liệu" adds a row copied from the formset's
   empty row, numbering it as Django's formsets expect, up to the form's maximum. Delegated: Turbo swaps <body>. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) { return; }
    var dossier = button.closest("[data-dossier]");
    var prefix = dossier.getAttribute("data-dossier");
    var total = dossier.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var maximum = parseInt(dossier.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']").value, 10);
    var count = parseInt(total.value, 10);
    if (count >= maximum) { button.disabled = true; return; }
    var html = dossier.querySelector("template.dossier__empty").innerHTML
      .replace(/__prefix__/g, String(count)).replace(/__number__/g, String(count + 1));
    dossier.querySelector(".dossier__rows").insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
    if (count + 1 >= maximum) { button.disabled = true; }
  });
}());

/* viewflow's Material select draws its anchor as role="button" with aria-required and a name that leaves out the
   text it shows (axe: "aria-allowed-attr", "label-content-name-mismatch"). Material Components' own select is a
   combobox popping up a listbox: give the anchor that role, whenever a select is drawn (Turbo swaps <body>). */
(function () {
  "use strict";
  function comboboxes(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll(".mdc-select__anchor[role='button']").forEach(function (anchor) {
      anchor.setAttribute("role", "combobox");
    });
  }
  function start() {
    comboboxes(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) { comboboxes(node.parentNode || node); });
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
