// The overviews' own script (no third-party code): filters for the home
// page's organs × years matrix, and column sorting for the year tables.
// Everything it works on is already in the page; without it the reader has the
// full matrix and the table in its built order.
(function () {
  "use strict";

  function text(node) {
    return (node.textContent || "").trim();
  }

  function label(forId, words) {
    var l = document.createElement("label");
    l.setAttribute("for", forId);
    l.textContent = words;
    return l;
  }

  function select(id, words, options) {
    var s = document.createElement("select");
    s.id = id;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "全部";
    s.appendChild(all);
    options.forEach(function (pair) {
      var o = document.createElement("option");
      o.value = pair[0];
      o.textContent = pair[1];
      s.appendChild(o);
    });
    var box = document.createElement("span");
    box.className = "nb-filter-field";
    box.appendChild(label(id, words));
    box.appendChild(s);
    return { box: box, control: s };
  }

  // --- The matrix: by text (names), level, status ------------------------------
  function setUpMatrix(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-name]"));
    var levels = [];
    rows.forEach(function (row) {
      var level = row.getAttribute("data-level");
      if (levels.indexOf(level) < 0) levels.push(level);
    });
    var statuses = [];
    document.querySelectorAll(".nb-legend .nb-status").forEach(function (item) {
      var key = (item.className.match(/nb-status-([a-z-]+)/) || [])[1];
      if (key && key !== "none") statuses.push([key, text(item)]);
    });

    var form = document.createElement("form");
    form.className = "nb-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "筛选机关");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var search = document.createElement("input");
    search.type = "search";
    search.id = "nb-filter-text";
    search.setAttribute("autocomplete", "off");
    var field = document.createElement("span");
    field.className = "nb-filter-field";
    field.appendChild(label("nb-filter-text", "机关名称"));
    field.appendChild(search);
    var level = select("nb-filter-level", "层级", levels.map(function (l) { return [l, l]; }));
    var status = select("nb-filter-status", "情况", statuses);
    var count = document.createElement("p");
    count.className = "nb-filter-count";
    count.setAttribute("role", "status");
    [field, level.box, status.box].forEach(function (node) { form.appendChild(node); });
    // Above the table's scrolling box, so that the controls stay in view on a phone.
    var box = table.closest(".nb-scroll") || table;
    box.parentNode.insertBefore(form, box);
    box.parentNode.insertBefore(count, box);

    function apply() {
      var words = search.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!words || row.getAttribute("data-name").toLowerCase().indexOf(words) >= 0) &&
          (!level.control.value || row.getAttribute("data-level") === level.control.value) &&
          (!status.control.value || (" " + row.getAttribute("data-status") + " ").indexOf(" " + status.control.value + " ") >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      // A group's heading shows only while one of its organs does.
      table.querySelectorAll("tbody").forEach(function (group) {
        var visible = group.querySelector("tr[data-name]:not([hidden])");
        group.hidden = !visible;
      });
      count.textContent = "显示 " + shown + " 个机关，共 " + rows.length + " 个。";
    }
    [search, level.control, status.control].forEach(function (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    });
    apply();
  }

  // --- Sortable tables: a button in every column head --------------------------
  function sortKey(cell) {
    var value = cell.getAttribute("data-sort");
    if (value === null) value = text(cell);
    var number = Number(value);
    return value !== "" && !isNaN(number) ? { n: number } : { s: value };
  }

  function compare(a, b) {
    if ("n" in a && "n" in b) return a.n - b.n;
    if ("n" in a) return -1;
    if ("n" in b) return 1;
    return a.s.localeCompare(b.s, "zh-CN");
  }

  function setUpSort(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (head, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "nb-sort";
      while (head.firstChild) button.appendChild(head.firstChild);
      head.appendChild(button);
      button.addEventListener("click", function () {
        var descending = head.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var order = compare(sortKey(x.cells[column]), sortKey(y.cells[column]));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll("table.nb-matrix").forEach(setUpMatrix);
  document.querySelectorAll("table.nb-sortable").forEach(setUpSort);
})();
