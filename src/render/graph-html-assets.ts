/** The page's inline style and script: no external URL, so the file works offline and in a CI artifact. */
export const GRAPH_CSS = `
body{margin:0;font:13px system-ui,sans-serif;display:flex;height:100vh;overflow:hidden;color:#0f172a}
#canvas{flex:1;position:relative;background:#f8fafc}
#canvas svg{width:100%;height:100%;cursor:grab;user-select:none}
#canvas svg.dragging{cursor:grabbing}
#controls{position:absolute;top:8px;left:8px;display:flex;gap:4px}
#controls button{font-size:16px;width:32px;height:32px}
#panel{width:360px;border-left:1px solid #cbd5e1;padding:12px;overflow:auto;background:#fff}
#panel h2{font-size:15px;margin:0 0 8px;word-break:break-all}
#panel h3{font-size:12px;text-transform:uppercase;color:#475569;margin:12px 0 4px}
#panel ul{margin:0;padding-left:16px}#panel li{word-break:break-all;font-family:ui-monospace,monospace;font-size:12px}
.node rect{stroke-width:1.5}.node{cursor:pointer}.node text{font:12px ui-monospace,monospace}
.node.service rect{fill:#e0f2fe;stroke:#0369a1}.node.topic rect{fill:#f1f5f9;stroke:#334155}
.node.principal rect{fill:#ede9fe;stroke:#6d28d9}.node.prefix rect{fill:#fefce8;stroke:#a16207;stroke-dasharray:3 3}
.node.unmanaged rect{fill:#fff7ed;stroke:#c2410c;stroke-dasharray:5 5}.node.unexpected rect{fill:#fef2f2;stroke:#b91c1c;stroke-width:3}
.node.selected rect{stroke:#f59e0b;stroke-width:3}
.edge{fill:none;stroke:#94a3b8;stroke-width:1.2}.edge.consumes{stroke:#64748b;stroke-dasharray:4 2}
`;

/** Pan (drag), zoom (wheel, buttons), and the side panel filled with textContent (never as HTML) on a click. */
export const GRAPH_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.querySelector("#canvas svg");
  var viewport = document.getElementById("viewport");
  var view = { x: 0, y: 0, k: 1 };
  function apply() { viewport.setAttribute("transform", "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")"); }
  function zoom(factor, cx, cy) {
    var k = Math.min(8, Math.max(0.1, view.k * factor));
    view.x = cx - (cx - view.x) * (k / view.k); view.y = cy - (cy - view.y) * (k / view.k); view.k = k; apply();
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    if (e.target.closest(".node")) return;
    drag = { x: e.clientX - view.x, y: e.clientY - view.y }; svg.classList.add("dragging");
  });
  window.addEventListener("pointermove", function (e) { if (drag) { view.x = e.clientX - drag.x; view.y = e.clientY - drag.y; apply(); } });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
  function centre() { var r = svg.getBoundingClientRect(); return [r.width / 2, r.height / 2]; }
  document.getElementById("zoom-in").addEventListener("click", function () { var c = centre(); zoom(1.25, c[0], c[1]); });
  document.getElementById("zoom-out").addEventListener("click", function () { var c = centre(); zoom(0.8, c[0], c[1]); });
  document.getElementById("zoom-reset").addEventListener("click", function () { view = { x: 0, y: 0, k: 1 }; apply(); });
  var panel = document.getElementById("panel");
  function el(tag, text) { var e = document.createElement(tag); e.textContent = text; return e; }
  function show(node) {
    panel.replaceChildren(el("h2", data.nodes[node.getAttribute("data-index")].name));
    data.nodes[node.getAttribute("data-index")].details.forEach(function (s) {
      panel.appendChild(el("h3", s.title));
      var ul = document.createElement("ul");
      s.lines.forEach(function (l) { ul.appendChild(el("li", l)); });
      panel.appendChild(ul);
    });
    document.querySelectorAll(".node.selected").forEach(function (n) { n.classList.remove("selected"); });
    node.classList.add("selected");
  }
  document.querySelectorAll(".node").forEach(function (n) { n.addEventListener("click", function () { show(n); }); });
})();
`;
