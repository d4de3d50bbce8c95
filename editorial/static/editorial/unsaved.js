// Nothing typed is lost: while a brief's form is open, what is typed into its text fields is kept in
// this browser's storage, with the version of the brief the form was opened at. When the form is
// opened again (after a closed tab, a crash, or a login after the session expired) and the brief
// does not hold that text, the form offers it back; a save then merges it with whatever was saved
// since (the form keeps the version it was typed against). Once the brief holds the text, it goes.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var notice = document.getElementById("unsaved-text");
  var form = notice && notice.closest("form");
  if (!form || !window.localStorage) {
    return;
  }
  var FIELDS = ["headline", "slug", "standfirst", "body"];
  var key = "newsroom:unsaved:" + window.location.pathname;

  function field(name) {
    return form.querySelector("[name=" + name + "]");
  }

  function typed() {
    var values = {};
    FIELDS.forEach(function (name) {
      if (field(name)) {
        values[name] = field(name).value;
      }
    });
    return values;
  }

  function same(values) {
    return FIELDS.every(function (name) {
      return !field(name) || values[name] === undefined || values[name] === field(name).value;
    });
  }

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  var kept = read();
  if (kept && kept.values && !same(kept.values)) {
    notice.querySelector(".unsaved-when").textContent = new Date(kept.at).toLocaleString();
    notice.hidden = false;
  } else {
    window.localStorage.removeItem(key);
    kept = null;
  }

  notice.querySelector(".unsaved-restore").addEventListener("click", function () {
    FIELDS.forEach(function (name) {
      if (field(name) && kept.values[name] !== undefined) {
        field(name).value = kept.values[name];
      }
    });
    var opened = field("opened_version");
    if (opened && kept.opened) {
      opened.value = kept.opened;
    }
    notice.hidden = true;
  });
  notice.querySelector(".unsaved-discard").addEventListener("click", function () {
    window.localStorage.removeItem(key);
    notice.hidden = true;
  });

  form.addEventListener("input", function () {
    var opened = field("opened_version");
    var record = { at: Date.now(), opened: opened ? opened.value : "", values: typed() };
    try {
      window.localStorage.setItem(key, JSON.stringify(record));
    } catch (error) {
      // Storage full or refused: the form works as before, without the copy.
    }
  });
});
