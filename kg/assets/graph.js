/* kratom-kg graph page: draws the graph held as JSON in #kg-data with vis-network, and wires
   tooltips, the details panel, filters (the legend's checkboxes), search and physics.
   Text from the data is only ever set with textContent: nothing from the data becomes markup. */
(function () {
  "use strict";
  var dataElement = document.getElementById("kg-data");
  if (!dataElement || typeof vis === "undefined") { return; }
  var data = JSON.parse(dataElement.textContent);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  }

  function safeHref(href) {
    return typeof href === "string" && /^(https:\/\/|[A-Za-z0-9_.\-\/]+\.html$)/.test(href)
      ? href : "";
  }

  function citation(source, linked) {
    var text = source.label + (source.title ? ": " + source.title : "");
    var href = safeHref(source.href);
    if (linked && href) {
      var a = el("a", "kg-cite", text);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return el("span", "kg-cite", text);
  }

  /* The tooltip or details panel for a node or an edge, built as DOM elements. */
  function describe(tip, linked, url) {
    var box = el("div", "kg-tip");
    box.appendChild(el("h3", "", tip.title));
    if (tip.rows && tip.rows.length) {
      var table = el("table", "kg-tip-rows");
      tip.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", "", row[0]));
        tr.appendChild(el("td", "", row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (tip.text) { box.appendChild(el("p", "kg-tip-text", tip.text)); }
    var claims = tip.claims || [];
    var limit = linked ? claims.length : 6;
    claims.slice(0, limit).forEach(function (claim) {
      var item = el("div", "kg-claim kg-" + claim.stance);
      var head = el("div", "kg-claim-head");
      head.appendChild(el("strong", "", (claim.stance === "contradicts" ? "not: " : "") + claim.relation));
      head.appendChild(el("span", "kg-evidence", claim.evidence));
      item.appendChild(head);
      if (claim.values) { item.appendChild(el("div", "kg-values", claim.values)); }
      if (claim.details) { item.appendChild(el("div", "kg-details-line", claim.details)); }
      (claim.marks || []).forEach(function (mark) { item.appendChild(el("div", "kg-mark", mark)); });
      if (linked && claim.note) { item.appendChild(el("div", "kg-claim-note", claim.note)); }
      var cites = el("div", "kg-cites");
      claim.sources.forEach(function (source) { cites.appendChild(citation(source, linked)); });
      item.appendChild(cites);
      box.appendChild(item);
    });
    if (claims.length > limit) {
      box.appendChild(el("p", "kg-more", "… and " + (claims.length - limit) +
        " more claims: click to see them all."));
    }
    if (linked && safeHref(url)) {
      var open = el("a", "kg-open", "Open the page of " + tip.title);
      open.href = safeHref(url);
      box.appendChild(open);
    }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = describe(n.tip, false);
    delete copy.tip;
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var copy = Object.assign({}, e);
    copy.title = describe(e.tip, false);
    delete copy.tip;
    return copy;
  }));
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  /* Filters: the legend's checkboxes. A node shows when its class is checked; an edge when its
     relation is checked and at least one of its evidence types is. */
  var hidden = { "class": {}, relation: {}, evidence: {} };
  function nodeShown(n) { return !hidden["class"][n.cls]; }
  function edgeShown(e) {
    if (hidden.relation[e.relation]) { return false; }
    return e.evidence.some(function (k) { return !hidden.evidence[k]; });
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, { filter: edgeShown });
  var count = document.getElementById("kg-count");
  function updateCount() {
    if (count) {
      var total = data.nodes.length;
      var shown = nodeView.length;
      count.textContent = shown === total ? total + " nodes" : shown + " of " + total + " nodes shown";
      count.setAttribute("data-shown", String(shown));
    }
  }
  document.querySelectorAll(".kg-legend fieldset[data-filter]").forEach(function (set) {
    var kind = set.getAttribute("data-filter");
    set.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        hidden[kind][box.value] = !box.checked;
        nodeView.refresh();
        edgeView.refresh();
        updateCount();
      });
    });
  });

  var container = document.getElementById("kg-canvas");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var details = document.getElementById("kg-details");

  function show(box) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(box);
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = byId[params.nodes[0]];
      show(describe(n.tip, true, n.url));
    } else if (params.edges.length) {
      show(describe(edgeById[params.edges[0]].tip, true));
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      var url = safeHref(byId[params.nodes[0]].url);
      if (url) { window.location.href = url; }
    }
  });

  /* Search by label, synonym or identifier. */
  var search = document.getElementById("kg-search");
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return null; }
    var match = null;
    data.nodes.forEach(function (n) {
      if (match) { return; }
      var names = [n.label, n.id].concat((n.tip.rows || []).filter(function (r) {
        return r[0] === "also called" || r[0] === "identifiers";
      }).map(function (r) { return r[1]; }).join(", ").split(", "));
      if (names.some(function (name) { return String(name).toLowerCase() === wanted; })) { match = n; }
    });
    return match;
  }
  function go() {
    var n = find(search.value);
    search.classList.toggle("kg-miss", !n && search.value.trim() !== "");
    if (!n) { return; }
    if (!nodeShown(n)) {
      hidden["class"][n.cls] = false;
      var box = document.querySelector('.kg-legend fieldset[data-filter="class"] input[value="' + CSS.escape(n.cls) + '"]');
      if (box) { box.checked = true; }
      nodeView.refresh();
      edgeView.refresh();
      updateCount();
    }
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.2, animation: { duration: 400 } });
    show(describe(n.tip, true, n.url));
  }
  if (search) {
    search.addEventListener("change", go);
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
  }

  /* Physics: off at rest (positions are computed when the page is made); the button lets it run
     until the layout settles, then switches it off again. */
  var physics = document.getElementById("kg-physics");
  var state = { stabilized: 0 };
  network.on("stabilized", function () {
    network.setOptions({ physics: { enabled: false } });
    state.stabilized += 1;
    if (physics) { physics.disabled = false; }
  });
  if (physics) {
    physics.addEventListener("click", function () {
      physics.disabled = true;
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(400);
    });
  }
  var fit = document.getElementById("kg-fit");
  if (fit) { fit.addEventListener("click", function () { network.fit({ animation: false }); }); }

  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "true"); });
  network.fit({ animation: false });
  updateCount();
  window.kgPage = { network: network, nodes: nodes, edges: edges, nodeView: nodeView,
                    edgeView: edgeView, state: state };
})();
