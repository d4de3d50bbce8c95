// Footnotes as Wikipedia readers know them, on top of links that already work
// without this script: a preview of the source on hover or keyboard focus, and
// the back-link that returns to the marker a reader came from marked as such.
(function () {
  "use strict";

  var markers = document.querySelectorAll('a[role="doc-noteref"]');
  if (!markers.length) return;

  var preview = document.createElement("div");
  preview.className = "footnote-preview";
  preview.id = "footnote-preview";
  preview.setAttribute("role", "tooltip");
  preview.hidden = true;
  // Inside <main>, so the preview belongs to a landmark; positioned against the page.
  (markers[0].closest("main") || document.body).appendChild(preview);

  var shownFor = null;
  var hideTimer = null;

  function footnoteOf(marker) {
    return document.getElementById(marker.hash.slice(1));
  }

  function line(className, text) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  }

  function show(marker) {
    var footnote = footnoteOf(marker);
    if (!footnote) return;
    clearTimeout(hideTimer);
    if (shownFor && shownFor !== marker) shownFor.removeAttribute("aria-describedby");
    var outlet = footnote.querySelector(".outlet");
    var title = footnote.querySelector(".source-title");
    var date = footnote.querySelector("time");
    preview.replaceChildren(
      line("preview-outlet", outlet ? outlet.textContent.trim() : ""),
      line("preview-title", title ? title.textContent.trim() : ""),
      line("preview-date", date ? date.textContent.trim() : "")
    );
    preview.hidden = false;
    place(marker);
    marker.setAttribute("aria-describedby", preview.id);
    shownFor = marker;
  }

  function place(marker) {
    var box = marker.getBoundingClientRect();
    var width = preview.offsetWidth;
    var viewport = document.documentElement.clientWidth;
    var left = Math.min(Math.max(8, box.left + box.width / 2 - width / 2), viewport - width - 8);
    preview.style.left = Math.max(8, left) + window.scrollX + "px";
    preview.style.top = box.bottom + window.scrollY + 6 + "px";
  }

  function hide() {
    preview.hidden = true;
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function markOrigin(marker) {
    var footnote = footnoteOf(marker);
    if (!footnote) return;
    document.querySelectorAll(".backlinks a.is-origin").forEach(function (link) {
      link.classList.remove("is-origin");
    });
    var back = footnote.querySelector('a[role="doc-backlink"][href="#' + marker.id + '"]');
    if (back) back.classList.add("is-origin");
  }

  markers.forEach(function (marker) {
    marker.addEventListener("mouseenter", function () { show(marker); });
    marker.addEventListener("mouseleave", hideSoon);
    marker.addEventListener("focus", function () { show(marker); });
    marker.addEventListener("blur", hide);
    marker.addEventListener("click", function () {
      hide();
      markOrigin(marker);
    });
  });

  // The preview stays while the pointer is over it, so it can be read and selected.
  preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  preview.addEventListener("mouseleave", hideSoon);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !preview.hidden) hide();
  });

  // Arriving from a shared link to a marker marks its back-link too.
  if (location.hash.indexOf("#cite-ref-") === 0) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) markOrigin(target);
  }
})();
