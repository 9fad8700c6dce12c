/*
 * Keyboard for the linking grid; the grid works without it (links to #panels, :target CSS).
 * - Arrow keys move between the cells' tick boxes; space ticks (the browser's own).
 * - a accepts and x dismisses the suggestion in the cell; r shows its reasons; n opens the
 *   note of a linked cell. Escape in a panel goes back to its cell.
 * - After accepting or dismissing, the page comes back with #cel-…: that cell gets the focus.
 * Loaded as a file with defer: the Content-Security-Policy forbids inline scripts.
 */
(function () {
  "use strict";
  var table = document.querySelector(".link-grid");
  if (!table) { return; }
  var form = document.getElementById("link-grid-form");
  var changed = false;
  if (form) { form.addEventListener("change", function () { changed = true; }); }

  function boxes() { return Array.prototype.slice.call(table.querySelectorAll("tbody tr")).map(function (row) {
    return Array.prototype.slice.call(row.querySelectorAll(".link-grid__cell input[type=checkbox]"));
  }).filter(function (row) { return row.length; }); }

  function position(box) {
    var rows = boxes();
    for (var r = 0; r < rows.length; r++) {
      var c = rows[r].indexOf(box);
      if (c >= 0) { return { rows: rows, r: r, c: c }; }
    }
    return null;
  }

  function keyOf(box) { return box.value; }

  function submitIfSure(selector) {
    var target = document.querySelector(selector);
    if (target) { target.requestSubmit(); }
  }

  // Accepting or dismissing loads the page again: ticks not yet saved would be lost.
  document.addEventListener("submit", function (event) {
    var target = event.target;
    if (!changed || !(target.hasAttribute("data-accept") || target.hasAttribute("data-dismiss"))) { return; }
    if (!window.confirm(table.getAttribute("data-unsaved"))) { event.preventDefault(); }
  });

  function openPanel(id) {
    var panel = document.getElementById(id);
    if (!panel) { return; }
    window.location.hash = id;
    panel.focus();
  }

  table.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".link-grid__cell input[type=checkbox]") || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = keyOf(box);
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[event.key]) {
      var at = position(box);
      if (!at) { return; }
      var row = at.rows[at.r + moves[event.key][0]];
      var next = row && row[Math.min(at.c + moves[event.key][1], row.length - 1)];
      if (next && at.c + moves[event.key][1] >= 0) { next.focus(); }
      event.preventDefault();
    } else if (event.key === "a") {
      submitIfSure("form[data-accept='" + key + "']");
    } else if (event.key === "x") {
      submitIfSure("form[data-dismiss='" + key + "']");
    } else if (event.key === "r") {
      openPanel("voorstel-" + key);
    } else if (event.key === "n") {
      openPanel("notitie-" + key);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var panel = event.target.closest && event.target.closest(".grid-panel");
    if (!panel) { return; }
    var back = panel.querySelector("[data-back]");
    if (back) { back.click(); }
  });

  document.addEventListener("click", function (event) {
    var back = event.target.closest && event.target.closest("[data-back]");
    if (!back) { return; }
    var cell = document.getElementById(back.getAttribute("href").slice(1));
    var input = cell && cell.querySelector("input[type=checkbox]");
    if (input) { event.preventDefault(); window.location.hash = cell.id; input.focus(); }
  });

  function focusCellInAddress() {
    if (window.location.hash.indexOf("#cel-") !== 0) { return; }
    var cell = document.getElementById(window.location.hash.slice(1));
    var input = cell && cell.querySelector("input[type=checkbox]");
    if (input) { input.focus(); }
  }
  // After the load: the browser's own jump to the #fragment would otherwise undo the focus.
  if (document.readyState === "complete") { focusCellInAddress(); } else { window.addEventListener("load", focusCellInAddress); }
})();
