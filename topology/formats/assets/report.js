/* wxtopo report: filters, search, selection, the account panel, pan and zoom, the language switch.
   Vanilla JavaScript, no network. Text from the document is only ever set as text (textContent),
   never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var root = document.documentElement;
  var svg = document.querySelector("#viewport svg");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var selected = null, currentAccount = null;
  var bySid = {};
  data.accounts.forEach(function (a) { bySid[a[0]] = a; });

  function lang() { return root.getAttribute("data-lang") === "zh" ? "zh" : "en"; }
  function w(key) { var pair = data.words[key]; return pair ? pair[lang() === "zh" ? 1 : 0] : key; }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  /* the same ids as topology.diagrams.model.safe_id */
  function safeId(prefix, ident) {
    var out = "";
    for (var ch of String(ident)) {
      out += /^[\p{L}\p{N}_-]$/u.test(ch) ? ch : "." + ch.codePointAt(0).toString(16) + ".";
    }
    return prefix + "-" + out;
  }
  function accountsOf(tr) {
    try { return JSON.parse(tr.getAttribute("data-accounts") || "[]"); } catch (e) { return []; }
  }

  /* -- language ------------------------------------------------------------------------- */
  function setLang(value) {
    root.setAttribute("data-lang", value);
    root.setAttribute("lang", value);
    document.querySelectorAll("option[data-en]").forEach(function (o) {
      o.textContent = o.getAttribute("data-" + value);
    });
    if (currentAccount) { showAccount(currentAccount); }
  }
  document.getElementById("lang-switch").addEventListener("click", function () {
    setLang(lang() === "zh" ? "en" : "zh");
  });
  setLang(lang());

  /* -- filters and search ---------------------------------------------------------------- */
  function value(id) { var node = document.getElementById(id); return node ? node.value : ""; }
  function applyFilters() {
    var sev = value("filter-severity"), fam = value("filter-family"), rule = value("filter-rule");
    var subject = value("filter-subject"), account = value("filter-account").trim().toLowerCase();
    var query = value("search").trim().toLowerCase(), shown = 0;
    document.querySelectorAll("#findings tr.finding").forEach(function (tr) {
      var ok = (!sev || tr.getAttribute("data-severity") === sev) && (!fam || tr.getAttribute("data-family") === fam) &&
               (!rule || tr.getAttribute("data-rule") === rule) && (!subject || tr.getAttribute("data-subject") === subject);
      if (ok && account) {
        ok = accountsOf(tr).some(function (a) { return a.toLowerCase().indexOf(account) >= 0; });
      }
      if (ok && query) { ok = tr.textContent.toLowerCase().indexOf(query) >= 0; }
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var counter = document.getElementById("shown-count");
    if (counter) { counter.textContent = String(shown); }
  }
  ["filter-severity", "filter-family", "filter-rule", "filter-subject"].forEach(function (id) {
    var node = document.getElementById(id);
    if (node) { node.addEventListener("change", applyFilters); }
  });
  ["filter-account", "search"].forEach(function (id) {
    var node = document.getElementById(id);
    if (node) { node.addEventListener("input", applyFilters); }
  });

  /* -- selecting a finding --------------------------------------------------------------- */
  function clearSelection() {
    if (selected) { selected.removeAttribute("aria-selected"); }
    selected = null;
    if (svg) {
      svg.querySelectorAll("g.hl, g.dim").forEach(function (g) { g.classList.remove("hl", "dim"); });
    }
  }
  function select(tr) {
    if (selected === tr) { clearSelection(); return; }
    clearSelection();
    selected = tr;
    tr.setAttribute("aria-selected", "true");
    if (!svg) { return; }
    var want = {};
    accountsOf(tr).forEach(function (a) { want[safeId("acct", a)] = true; });
    var link = /^\/links\/(\d+)(\/|$)/.exec(tr.getAttribute("data-pointer") || "");
    if (link) { want["link-" + link[1]] = true; }
    if (svg.closest("#diagram").getAttribute("data-view") === "subjects" && tr.getAttribute("data-subject")) {
      want[safeId("subject", tr.getAttribute("data-subject"))] = true;
    }
    svg.querySelectorAll("g.node, g.edge").forEach(function (g) { g.classList.add(want[g.id] ? "hl" : "dim"); });
  }
  rows.forEach(function (tr) {
    tr.addEventListener("click", function () { select(tr); });
    tr.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); select(tr); }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      clearSelection();
      ["rule-page", "account-panel"].forEach(function (id) {
        var node = document.getElementById(id);
        if (node) { node.hidden = true; }
      });
      currentAccount = null;
    }
  });

  /* -- rule pages ------------------------------------------------------------------------ */
  document.querySelectorAll("button[data-open-rule]").forEach(function (button) {
    button.addEventListener("click", function (e) {
      e.stopPropagation();
      var panel = document.getElementById("rule-page");
      var id = button.getAttribute("data-open-rule");
      panel.querySelectorAll("article[data-rule-page]").forEach(function (a) {
        a.hidden = a.getAttribute("data-rule-page") !== id;
      });
      panel.hidden = false;
    });
  });
  document.querySelectorAll("button[data-close]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById(button.getAttribute("data-close")).hidden = true;
    });
  });

  /* -- the account panel ----------------------------------------------------------------- */
  function showAccount(sid) {
    var panel = document.getElementById("account-panel");
    var a = bySid[sid];
    currentAccount = sid;
    panel.textContent = "";
    var close = el("button", w("close"), { type: "button", "class": "close no-print" });
    close.addEventListener("click", function () { panel.hidden = true; currentAccount = null; });
    panel.appendChild(close);
    panel.appendChild(el("h2", a ? a[2] : sid.replace(/^acct-/, ""), { "data-account": a ? a[1] : "" }));
    if (a) {
      var facts = el("dl");
      [["name", a[3]], ["type", w("type_" + a[4]) || a[4]], ["subject", a[5]]].forEach(function (pair) {
        if (pair[1]) { facts.appendChild(el("dt", w(pair[0]))); facts.appendChild(el("dd", pair[1])); }
      });
      panel.appendChild(facts);
    }
    panel.appendChild(el("h3", w("findings")));
    var list = el("ul", null, { "class": "account-findings" });
    (a ? a[6] : []).forEach(function (index) {
      var tr = document.querySelector('tr.finding[data-index="' + index + '"]');
      if (!tr) { return; }
      var li = el("li", tr.getAttribute("data-rule") + " ", { "data-finding": tr.getAttribute("data-finding") });
      var message = tr.querySelector(".message");
      if (message) { li.appendChild(message.cloneNode(true)).removeAttribute("class"); }
      li.addEventListener("click", function () { select(tr); tr.scrollIntoView({ block: "center" }); });
      list.appendChild(li);
    });
    if (!list.children.length) { list.appendChild(el("li", w("none"))); }
    panel.appendChild(list);
    if (data.headroom && a) {
      panel.appendChild(el("h3", w("headroom")));
      var rooms = el("ul", null, { "class": "headroom" });
      a[7].forEach(function (r) {
        var limit = r[2] === null ? w("off") : r[2];
        var free = r[3] === null ? "∞" : r[3];
        rooms.appendChild(el("li", w("cap_" + r[0]) + ": " + w("used") + " " + r[1] + " / " + w("limit") + " " +
                             limit + ", " + w("free") + " " + free,
                             { "data-headroom-kind": r[0], "data-used": r[1], "data-limit": r[2] === null ? "" : r[2],
                               "data-free": r[3] === null ? "" : r[3] }));
      });
      if (!a[7].length) { rooms.appendChild(el("li", w("none"))); }
      panel.appendChild(rooms);
    }
    panel.hidden = false;
  }

  /* -- the aggregated view: one subject's accounts ---------------------------------------- */
  var picker = document.getElementById("open-subject");
  function openSubject(subject) {
    var detail = document.getElementById("subject-detail");
    detail.textContent = "";
    if (!subject) { return; }
    var drawn = null;
    Array.prototype.forEach.call(document.querySelectorAll("template[data-subject]"), function (t) {
      if (t.getAttribute("data-subject") === subject) { drawn = t; }
    });
    if (drawn) {  /* the subject's neighbourhood; its ids move to data-id, the page's stay unique */
      var view = el("div", null, { "class": "subject-view" });
      view.appendChild(drawn.content.cloneNode(true));
      Array.prototype.forEach.call(view.querySelectorAll("[id]"), function (node) {
        node.setAttribute("data-id", node.id);
        node.removeAttribute("id");
      });
      view.addEventListener("click", function (e) {
        var g = e.target.closest("g.node");
        if (g && (g.getAttribute("data-id") || "").indexOf("acct-") === 0) { showAccount(g.getAttribute("data-id")); }
      });
      detail.appendChild(view);
    }
    var list = el("ul");
    data.accounts.forEach(function (a) {
      if (a[5] !== subject) { return; }
      var button = el("button", a[2] + (a[6].length ? " (" + a[6].length + ")" : ""), { type: "button" });
      button.addEventListener("click", function () { showAccount(a[0]); });
      var li = el("li");
      li.appendChild(button);
      list.appendChild(li);
    });
    detail.appendChild(list);
  }
  if (picker) { picker.addEventListener("change", function () { openSubject(picker.value); }); }

  /* -- the diagram: clicks, pan and zoom --------------------------------------------------- */
  if (!svg) { return; }
  var viewport = document.getElementById("viewport");
  var scale = 1, tx = 0, ty = 0, drag = null, moved = false;
  function place() { svg.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + scale + ")"; }
  function zoom(factor) { scale = Math.min(20, Math.max(0.05, scale * factor)); place(); }
  /* the whole drawing in its box (never enlarged): a reader sees every highlighted node at once */
  function fit() {
    svg.style.transform = "none";
    var box = svg.getBoundingClientRect(), view = viewport.getBoundingClientRect();
    scale = Math.max(0.05, Math.min(1, view.width / Math.max(box.width, 1), view.height / Math.max(box.height, 1)));
    tx = 0; ty = 0; place();
  }
  fit();
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("zoom-reset").addEventListener("click", fit);
  viewport.addEventListener("wheel", function (e) { e.preventDefault(); zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1); },
                            { passive: false });
  viewport.addEventListener("mousedown", function (e) { drag = [e.clientX, e.clientY]; moved = false; });
  window.addEventListener("mousemove", function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; }
    tx += dx; ty += dy; drag = [e.clientX, e.clientY];
    place();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("click", function (e) {
    if (moved) { moved = false; return; }
    var g = e.target.closest("g.node");
    if (!g) { return; }
    if (g.id.indexOf("acct-") === 0) {
      showAccount(g.id);
    } else if (g.id.indexOf("subject-") === 0 && picker) {
      for (var i = 0; i < picker.options.length; i += 1) {
        if (safeId("subject", picker.options[i].value) === g.id) { picker.selectedIndex = i; openSubject(picker.value); }
      }
    }
  });
})();
