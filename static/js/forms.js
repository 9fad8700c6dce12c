/*
 * Progressive enhancement for forms; every page works without it.
 * - Forms marked data-busy-label: on submit, the submit button is disabled and shows that
 *   label ("Bezig…"), so a slow save is visibly under way and cannot be sent twice.
 * - An error summary (data-error-summary) takes the focus, so screen readers announce it.
 * Loaded as a file with defer: the Content-Security-Policy forbids inline scripts.
 */
(function () {
  "use strict";

  function markBusy(form, submitter) {
    var label = form.getAttribute("data-busy-label");
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    if (submitter && submitter.name) {
      // A disabled button is not sent with the form; keep the choice it stood for.
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = submitter.name;
      copy.value = submitter.value;
      copy.setAttribute("data-busy-copy", "");
      form.appendChild(copy);
    }
    form.setAttribute("aria-busy", "true");
    buttons.forEach(function (button) {
      button.setAttribute("data-idle-label", button.tagName === "INPUT" ? button.value : button.textContent);
      if (button === submitter || buttons.length === 1) {
        if (button.tagName === "INPUT") { button.value = label; } else { button.textContent = label; }
      }
      button.disabled = true;
    });
  }

  function markIdle(form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[data-busy-copy]").forEach(function (copy) { copy.remove(); });
    form.querySelectorAll("[data-idle-label]").forEach(function (button) {
      var label = button.getAttribute("data-idle-label");
      if (button.tagName === "INPUT") { button.value = label; } else { button.textContent = label; }
      button.removeAttribute("data-idle-label");
      button.disabled = false;
    });
  }

  // Listening on the document lets a form's own handlers cancel the submit first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-busy-label")) { return; }
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    markBusy(form, event.submitter);
  });

  // Back-button pages come from the cache as they were left: busy. Make them usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { document.querySelectorAll("form[aria-busy=true]").forEach(markIdle); }
  });

  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
