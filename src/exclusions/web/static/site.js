// Progressive enhancement only: every page works without this file.
// 1. Type-ahead for the area search box, from /api/search.
// 2. Select boxes that submit their form when changed.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function typeahead(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var endpoint = input.getAttribute("data-typeahead");
    var timer = null, active = -1, latest = "";

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false");
    }
    function highlight(i) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
    }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "q-option-" + i;
        var a = document.createElement("a");
        a.href = r.path;
        a.textContent = r.name + " ";
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = "(" + r.level_label + ", " + r.years + ")";
        a.appendChild(meta);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }
    function lookup() {
      var q = input.value.trim();
      latest = q;
      if (q.length < 2) { close(); return; }
      fetch(endpoint + "?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (body) { if (body.query === latest) { show(body.results); } })
        .catch(close);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 120); });
    input.addEventListener("keydown", function (e) {
      var items = list.querySelectorAll("li");
      if (e.key === "ArrowDown" && items.length) { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter" && active >= 0 && items[active]) { e.preventDefault(); window.location = items[active].querySelector("a").href; }
      else if (e.key === "Escape") { close(); }
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) { close(); } });
  }

  document.querySelectorAll("input[data-typeahead]").forEach(typeahead);
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
})();
