// "Being edited by X since …": while a brief's change form is open, tell the server at once and
// every half minute after (opening the form only reads), and show who else has it open and who
// saved the brief since this form was opened; say goodbye when the page is left unsaved.
// Loaded in the page's head by the admin's form media: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var panel = document.getElementById("editing-presence");
  if (!panel || !panel.dataset.refreshUrl) {
    return;
  }
  var form = panel.closest("form");
  var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) {
    return;
  }
  var submitting = false;
  form.addEventListener("submit", function () {
    submitting = true;
  });

  var opened = form.querySelector("input[name=opened_version]");

  function formData() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (opened) {
      data.append("opened_version", opened.value);
    }
    return data;
  }

  function showChanged(changed) {
    var notice = document.getElementById("brief-changed");
    if (!changed) {
      notice.hidden = true;
      return;
    }
    notice.querySelector(".changed-by").textContent = changed.by;
    notice.querySelector(".changed-parts").textContent = changed.parts.join("; ");
    notice.hidden = false;
  }

  function show(others) {
    var list = document.getElementById("editing-others");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    others.forEach(function (other) {
      var item = document.createElement("li");
      item.className = "warning";
      item.textContent = "Being edited by " + other.name + " since " + other.since;
      list.appendChild(item);
    });
  }

  function refresh() {
    fetch(panel.dataset.refreshUrl, { method: "POST", body: formData(), credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          show(data.others);
          showChanged(data.changed);
        }
      })
      .catch(function () {});
  }

  refresh();
  window.setInterval(refresh, 30000);
  window.addEventListener("pagehide", function () {
    if (!submitting && navigator.sendBeacon) {
      navigator.sendBeacon(panel.dataset.closeUrl, formData());
    }
  });
});
