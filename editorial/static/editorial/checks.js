// Checks as you type, and citing without keys. While a brief's form is open, the whole form is sent to
// the checker a moment after each change (nothing is saved); its findings are listed beside the body,
// each selecting its sentence there, and each reference row shows the footnote readers would see.
// "Insert citation" puts a reference's marker at the cursor: one of the brief's, or a new one pasted
// as a line of a brief file (its marker is the next one free). Loaded in the head: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var panel = document.getElementById("live-checks");
  var form = panel && panel.closest("form");
  var body = form && form.querySelector("textarea[name=body]");
  if (!body || !window.fetch) {
    return;
  }
  var summary = panel.querySelector(".live-checks-summary");
  var findingList = panel.querySelector(".live-checks-findings");
  var errorList = panel.querySelector(".live-checks-errors");
  var pasted = form.querySelector("textarea[name=new_references]");
  var latest = { references: [] };
  var timer = null;
  var sent = 0;

  panel.hidden = false;
  form.classList.add("has-live-checks");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function empty(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  // Where paragraph `index` of the body as typed starts: paragraphs are separated by blank lines.
  function paragraphStart(text, index) {
    var pattern = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
    var match;
    var count = 0;
    while ((match = pattern.exec(text)) !== null) {
      if (count === index) {
        return { start: match.index, text: match[0] };
      }
      count += 1;
    }
    return null;
  }

  // The stored paragraph joins its lines with a space: map an offset in it to the text as typed.
  function typedOffset(raw, offset) {
    var seen = 0;
    var index = 0;
    while (index < raw.length && seen < offset) {
      var space = /\s/.test(raw[index]);
      index += 1;
      if (space) {
        while (index < raw.length && /\s/.test(raw[index])) {
          index += 1;
        }
      }
      seen += 1;
    }
    return index;
  }

  function select(finding) {
    var paragraph = paragraphStart(body.value, finding.paragraph);
    if (!paragraph) {
      return;
    }
    var start = paragraph.start + typedOffset(paragraph.text, finding.start);
    var end = paragraph.start + typedOffset(paragraph.text, finding.end);
    body.focus();
    body.setSelectionRange(start, end);
  }

  function showFinding(finding) {
    var item = element("li", "severity-" + finding.severity);
    item.appendChild(element("span", "live-checks-severity", finding.severity));
    item.appendChild(document.createTextNode(" "));
    if (finding.paragraph !== undefined) {
      var link = element("a", "live-checks-where", finding.where);
      link.href = "#" + body.id;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        select(finding);
      });
      item.appendChild(link);
    } else {
      item.appendChild(element("span", "live-checks-where", finding.where));
    }
    item.appendChild(element("span", "live-checks-message", " " + finding.message));
    return item;
  }

  function showFootnotes(references) {
    var numbers = {};
    references.forEach(function (reference) {
      numbers[reference.key] = reference.number;
    });
    form.querySelectorAll("#citations-group tr.form-row").forEach(function (row) {
      var key = row.querySelector("input[name$='-key']");
      var cell = row.querySelector("td.field-footnote_number p, td.field-footnote_number");
      if (!key || !cell || key.value === "") {
        return;
      }
      var number = numbers[key.value];
      cell.textContent = number ? "footnote " + number : "not cited";
    });
  }

  function show(result) {
    latest = result;
    empty(findingList);
    empty(errorList);
    Object.keys(result.errors).forEach(function (field) {
      errorList.appendChild(element("li", "severity-error", result.errors[field]));
    });
    result.findings.forEach(function (finding) {
      findingList.appendChild(showFinding(finding));
    });
    summary.textContent =
      result.cited_sentences + " of " + result.sentences + " sentences cite a source; " +
      result.counts.errors + " error" + (result.counts.errors === 1 ? "" : "s") + ", " +
      result.counts.warnings + " warning" + (result.counts.warnings === 1 ? "" : "s") + ".";
    showFootnotes(result.references);
    if (!menu.hidden) {
      showChoices();
    }
  }

  function check() {
    var data = new FormData(form);
    data.append("brief", panel.dataset.brief || "");
    var number = ++sent;
    fetch(panel.dataset.checkUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (result) {
        if (result && number === sent) {
          show(result);
        }
      })
      .catch(function () {
        summary.textContent = "The checks could not be run; they will be after a save.";
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  check();

  // Insert citation.
  var tools = element("div", "insert-citation");
  var toggle = element("button", "button insert-citation-toggle", "Insert citation");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "insert-citation-menu");
  var menu = element("div", "insert-citation-menu");
  menu.id = "insert-citation-menu";
  menu.hidden = true;
  tools.appendChild(toggle);
  tools.appendChild(menu);
  body.parentNode.insertBefore(tools, body);
  var cursor = { start: 0, end: 0 };

  function remember() {
    cursor = { start: body.selectionStart, end: body.selectionEnd };
  }
  body.addEventListener("keyup", remember);
  body.addEventListener("mouseup", remember);
  body.addEventListener("blur", remember);

  function insertMarker(key) {
    var marker = "[" + key + "]";
    var value = body.value;
    body.value = value.slice(0, cursor.start) + marker + value.slice(cursor.end);
    var after = cursor.start + marker.length;
    cursor = { start: after, end: after };
    close();
    body.focus();
    body.setSelectionRange(after, after);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function usedKeys() {
    var keys = latest.references.map(function (reference) {
      return reference.key;
    });
    form.querySelectorAll("#citations-group input[name$='-key']").forEach(function (input) {
      if (/^\d+$/.test(input.value)) {
        keys.push(parseInt(input.value, 10));
      }
    });
    (pasted ? pasted.value : "").split("\n").forEach(function (line) {
      var numbered = /^\s*(\d+)\.\s/.exec(line);
      if (numbered) {
        keys.push(parseInt(numbered[1], 10));
      }
    });
    return keys;
  }

  function close() {
    menu.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
  }

  // The brief's references, as the last check found them; kept current while the menu is open.
  var choices = element("ul", "insert-citation-choices");
  menu.appendChild(choices);
  function showChoices() {
    empty(choices);
    latest.references.forEach(function (reference) {
      var item = element("li");
      var choice = element(
        "button",
        "button insert-citation-choice",
        (reference.number ? "Footnote " + reference.number : "Not cited yet") + ": “" + reference.title + "”, " +
          reference.outlet
      );
      choice.type = "button";
      choice.addEventListener("click", function () {
        insertMarker(reference.key);
      });
      item.appendChild(choice);
      choices.appendChild(item);
    });
  }

  if (pasted) {
    var label = element("label", "insert-citation-new-label", "Or a new reference, as a line of a brief file:");
    var line = element("input", "vTextField insert-citation-new");
    line.type = "text";
    line.id = "insert-citation-new";
    label.htmlFor = line.id;
    line.placeholder = "“Title” Outlet, 30 Jan. 2023, https://…";
    var add = element("button", "button insert-citation-add", "Cite the new reference");
    add.type = "button";
    add.addEventListener("click", function () {
      if (!line.value.trim()) {
        line.focus();
        return;
      }
      var key = Math.max.apply(null, [-1].concat(usedKeys())) + 1;
      var text = line.value.trim().replace(/^\d+\.\s+/, "");
      pasted.value = (pasted.value.trim() ? pasted.value.replace(/\s*$/, "\n") : "") + key + ". " + text;
      line.value = "";
      insertMarker(key);
    });
    line.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        add.click();
      }
    });
    menu.appendChild(label);
    menu.appendChild(line);
    menu.appendChild(add);
  }

  function open() {
    showChoices();
    menu.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
  }

  toggle.addEventListener("click", function () {
    if (menu.hidden) {
      open();
    } else {
      close();
      body.focus();
    }
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      toggle.focus();
    }
  });
});
