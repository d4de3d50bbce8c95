// Nothing typed is lost: while a brief's form is open (a new brief's too), everything typed or chosen
// in it, reference and byline rows included, is kept in this browser's storage with the version of
// the brief the form was opened at. When the form is opened again (after a closed tab, a crash, or a
// login after the session expired) and does not hold that text, the form offers it back, adding the
// rows it needs; a save then merges it with whatever was saved since (the form keeps the version it
// was typed against). The copy goes once a save of it succeeds, or when the editor discards it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.localStorage) {
    return;
  }
  var PREFIX = "newsroom:unsaved:";
  var path = window.location.pathname;
  var successes = document.querySelectorAll(".messagelist .success");
  // The new brief's form: a save of it leads to the brief's own form or to the list.
  var addKey = PREFIX + path.replace(/(\d+\/change\/|add\/)?$/, "add/");

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, record) {
    try {
      window.localStorage.setItem(key, JSON.stringify(record));
    } catch (error) {
      // Storage full or refused: the form works as before, without the copy.
    }
  }

  function forgetSubmitted(key) {
    var record = read(key);
    if (record && record.submitted) {
      window.localStorage.removeItem(key);
    }
  }

  // A save succeeded: its message is on this page, and links to the brief saved.
  if (successes.length) {
    forgetSubmitted(PREFIX + path);
    forgetSubmitted(addKey);
    Array.prototype.forEach.call(successes, function (message) {
      Array.prototype.forEach.call(message.querySelectorAll("a[href]"), function (link) {
        forgetSubmitted(PREFIX + new URL(link.href, window.location.href).pathname);
      });
    });
  }

  var notice = document.getElementById("unsaved-text");
  var form = notice && notice.closest("form");
  if (!form) {
    return;
  }
  var key = PREFIX + path;
  var SKIPPED = ["hidden", "file", "password", "submit", "button", "reset", "image"];

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return (
        element.name &&
        !element.disabled &&
        SKIPPED.indexOf(element.type) === -1 &&
        element.name.indexOf("__prefix__") === -1
      );
    });
  }

  function field(name) {
    return form.querySelector('[name="' + name + '"]');
  }

  function valueOf(element) {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked;
    }
    if (element.tagName === "SELECT") {
      return Array.prototype.map.call(element.selectedOptions, function (option) {
        return [option.value, option.text];
      });
    }
    return element.value;
  }

  function typed() {
    var values = {};
    fields().forEach(function (element) {
      values[element.name] = valueOf(element);
    });
    return values;
  }

  function holds(values) {
    return Object.keys(values).every(function (name) {
      var element = field(name);
      if (!element) {
        return values[name] === "" || values[name] === false || values[name].length === 0;
      }
      return JSON.stringify(valueOf(element)) === JSON.stringify(values[name]);
    });
  }

  function addRowsFor(name) {
    // "citations-3-key": the reference row 3, added with its group's "Add another" link.
    var row = /^(.+)-(\d+)-[^-]+$/.exec(name);
    var link = row && document.querySelector("#" + CSS.escape(row[1]) + "-group .add-row a");
    for (var clicks = 0; link && !field(name) && clicks < 100; clicks++) {
      link.click();
    }
  }

  function restore(element, value) {
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = value;
    } else if (element.tagName === "SELECT") {
      // A picker that searches (autocomplete) holds only its chosen options.
      value.forEach(function (pair) {
        if (!Array.prototype.some.call(element.options, function (option) { return option.value === pair[0]; })) {
          element.add(new Option(pair[1], pair[0]));
        }
      });
      Array.prototype.forEach.call(element.options, function (option) {
        option.selected = value.some(function (pair) { return pair[0] === option.value; });
      });
    } else {
      element.value = value;
    }
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  var kept = read(key);
  if (kept && kept.values && !holds(kept.values)) {
    notice.querySelector(".unsaved-when").textContent = new Date(kept.at).toLocaleString();
    notice.hidden = false;
  } else {
    kept = null;
  }

  notice.querySelector(".unsaved-restore").addEventListener("click", function () {
    Object.keys(kept.values).forEach(function (name) {
      if (!field(name)) {
        addRowsFor(name);
      }
      if (field(name)) {
        restore(field(name), kept.values[name]);
      }
    });
    var opened = form.querySelector("[name=opened_version]");
    if (opened && kept.opened) {
      opened.value = kept.opened;
    }
    notice.hidden = true;
  });
  notice.querySelector(".unsaved-discard").addEventListener("click", function () {
    window.localStorage.removeItem(key);
    notice.hidden = true;
  });

  function keep(submitted) {
    var opened = form.querySelector("[name=opened_version]");
    write(key, { at: Date.now(), opened: opened ? opened.value : "", values: typed(), submitted: submitted });
  }
  form.addEventListener("input", function () {
    keep(false);
  });
  if (window.django && window.django.jQuery) {
    // The admin's searching pickers (select2) say so through jQuery only.
    window.django.jQuery(form).on("select2:select select2:unselect", function () {
      keep(false);
    });
  }
  form.addEventListener("submit", function () {
    if (read(key)) {
      keep(true);
    }
  });
});
