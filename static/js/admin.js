// Every admin page: name each autocomplete box (select2) for screen readers after the field it
// stands for, since the admin's own script gives it none: whenever boxes are set up or redrawn.
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var name = nameOf(select);
      if (!box || !name) {
        return;
      }
      box.querySelectorAll("[role=combobox], .select2-selection__rendered").forEach(function (part) {
        if (!part.getAttribute("aria-label")) {
          part.setAttribute("aria-label", name);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameBoxes();
    new MutationObserver(nameBoxes).observe(document.body, { childList: true, subtree: true });
  });
})();
