"use strict";
// Far drawing: a level of detail for vis-network when a crowded view is seen from far out.
// vis-network draws each actor and each relationship on its own (a save, a fill, a stroke and a restore apiece),
// which costs about 20 µs an actor: 0.2 s a frame at 10,000 actors. From far out the picture is the same when every
// actor of one colour is filled in one go and every relationship of one style is stroked in one go.
// The shapes, sizes, colours, opacities, borders, widths and dashes are read from vis-network's own nodes and edges,
// so the picture matches vis-network's; actors whose name is readable, and whatever is selected or hovered,
// are still drawn by vis-network itself, on top.
// A big graph's page gives vis-network only the relationships near the view (each costs it 50 µs to hold); the others
// are drawn here from the page's data, from far out and from near alike (see eachEdgeNotHeld).
// While a crowded view is dragged or zoomed with the wheel, a picture of it moves instead (see movingPicture).
window.spacegraphFarDrawing = (function () {
  // the outlines of vis-network's shapes for a radius of 1 (see its drawTriangle, drawStar, drawHexagon...)
  function outline(shape) {
    const h = Math.sqrt(3), t = 1.15;
    switch (shape) {
      case "square": return [[-1, -1], [1, -1], [1, 1], [-1, 1]];
      case "diamond": return [[0, 1], [1, 0], [0, -1], [-1, 0]];
      case "triangle": { const y = 0.275 * t; return [[0, y - (h * t - t / h)], [t, y + t / h], [-t, y + t / h]]; }
      case "triangleDown": { const y = -0.275 * t; return [[0, y + (h * t - t / h)], [t, y - t / h], [-t, y - t / h]]; }
      case "star": {
        const points = [];
        for (let n = 0; n < 10; n++) {
          const radius = (n % 2 === 0 ? 1.3 : 0.5) * 0.82;
          points.push([radius * Math.sin(n * 2 * Math.PI / 10), 0.082 - radius * Math.cos(n * 2 * Math.PI / 10)]);
        }
        return points;
      }
      case "hexagon": {
        const points = [];
        for (let i = 0; i < 6; i++) { points.push([Math.cos(Math.PI / 3 * i), Math.sin(Math.PI / 3 * i)]); }
        return points;
      }
      default: return null;  // a circle, or a shape that wraps its label (a box): drawn as a circle or a rectangle
    }
  }
  const OUTLINES = new Map();
  function outlineOf(shape) {
    if (!OUTLINES.has(shape)) { OUTLINES.set(shape, outline(shape)); }
    return OUTLINES.get(shape);
  }
  function addShape(path, shape, x, y, r, width, height) {
    const points = outlineOf(shape);
    if (points) {
      // back to the first point with a line, not closePath: in Chromium each closePath costs time in proportion to the
      // path so far (20,000 squares added to one path: 2.0 s, against 9 ms), and a filled outline needs no closing
      const startX = x + points[0][0] * r, startY = y + points[0][1] * r;
      path.moveTo(startX, startY);
      for (let i = 1; i < points.length; i++) { path.lineTo(x + points[i][0] * r, y + points[i][1] * r); }
      path.lineTo(startX, startY);
    } else if (shape === "box" || shape === "ellipse" || shape === "database" || shape === "text") {
      const grow = r - width / 2;  // the border's outer or inner edge
      path.rect(x - width / 2 - grow, y - height / 2 - grow, width + 2 * grow, height + 2 * grow);
    } else {
      path.moveTo(x + r, y);
      path.arc(x, y, Math.max(r, 0), 0, 2 * Math.PI);
    }
  }
  // vis-network's shapes that are 2 × size wide and high, whatever their name (its ShapeBase)
  const SIZED = new Set(["dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon"]);
  // a node vis-network has not drawn yet, sized as it would size it but without measuring its name (far out, where
  // the name is not drawn): drawn one by one to be measured, the 49,000 actors "Show all" brings made the first frame
  // after it 0.8 s long
  function measure(node, ctx) {
    const shape = node.shape, size = node.options.size;
    if (SIZED.has(node.options.shape)) {
      shape.width = shape.height = 2 * size;
      shape.radius = size;
      shape.refreshNeeded = true;  // its name measured when vis-network draws it itself
    } else {
      node.resize(ctx);  // a shape that wraps its name
    }
  }
  // the path of one colour and opacity in a layer of nodes (two maps, not one keyed by a string made for each node)
  function pathOf(layer, color, opacity) {
    let byOpacity = layer.get(color);
    if (byOpacity === undefined) { byOpacity = new Map(); layer.set(color, byOpacity); }
    let path = byOpacity.get(opacity);
    if (path === undefined) { path = new Path2D(); byOpacity.set(opacity, path); }
    return path;
  }
  function groupOf(groups, key, make) {
    let group = groups.get(key);
    if (!group) { group = make(); groups.set(key, group); }
    return group;
  }

  /**
   * Draw the network's nodes and edges in batches while `isFar()` holds.
   *
   * @param {vis.Network} network the network to draw
   * @param {function(): boolean} isFar whether the view is crowded and far out
   * @param {function(function, object)} eachEdgeNotHeld calls its first argument with (from node, to node, look) for
   *   each edge to draw that the network does not hold and that may cross the view (its second argument: left, top,
   *   right, bottom); a look is one object for all the edges drawn alike: {color, opacity, width, dashes}
   * @returns {function(): object} what the last frame drew: {far, edgesInBatches, edgesOneByOne, nodesInBatches, nodesOneByOne},
   *   and how many frames the network has drawn so far: {drawn}
   */
  function install(network, isFar, eachEdgeNotHeld) {
    const renderer = network.renderer;
    const frame = { far: false, edgesInBatches: 0, edgesOneByOne: 0, nodesInBatches: 0, nodesOneByOne: 0, drawn: 0 };
    const drawEdgesOneByOne = renderer._drawEdges, drawNodesOneByOne = renderer._drawNodes;
    // one stroke for each look: [color, opacity, width, dashes] -> a path of segments
    function strokeGroups(ctx, groups) {
      ctx.save();
      for (const group of groups.values()) {
        ctx.globalAlpha = group.opacity;
        ctx.strokeStyle = group.color;
        ctx.lineWidth = group.width;
        ctx.setLineDash(group.dashes || []);
        ctx.stroke(group.path);
      }
      ctx.restore();
    }
    function addLine(groups, from, to, color, opacity, width, dashes) {
      const key = color + "|" + opacity + "|" + width + "|" + (dashes ? dashes.join(",") : "");
      const group = groupOf(groups, key, function () {
        return { color: color, opacity: opacity, width: width, dashes: dashes, path: new Path2D() };
      });
      group.path.moveTo(from.x, from.y);
      group.path.lineTo(to.x, to.y);
    }
    // the edges the network does not hold are drawn from near too: they cross the view with both ends out of sight
    function edgesNotHeld(groups, scale, view) {
      const byLook = new Map();
      let lastLook = null, path = null;  // most edges in a row share a look: its path is looked up again only when it changes
      eachEdgeNotHeld(function (from, to, look) {
        frame.edgesInBatches += 1;
        if (look !== lastLook) {
          lastLook = look;
          path = byLook.get(look);
          if (path === undefined) {
            path = new Path2D();
            byLook.set(look, path);
            groups.set(look, { color: look.color, opacity: look.opacity, width: Math.max(look.width, 0.3 / scale), dashes: look.dashes, path: path });
          }
        }
        path.moveTo(from.x, from.y);
        path.lineTo(to.x, to.y);
      }, view);
    }
    renderer._drawEdges = function (ctx) {
      const body = this.body, scale = body.view.scale;
      const groups = new Map();
      frame.far = isFar(); frame.edgesInBatches = 0; frame.edgesOneByOne = 0; frame.drawn += 1;
      const corner = this.canvas.DOMtoCanvas({ x: 0, y: 0 });
      const far = this.canvas.DOMtoCanvas({ x: this.canvas.frame.canvas.clientWidth, y: this.canvas.frame.canvas.clientHeight });
      edgesNotHeld(groups, scale, { left: corner.x, top: corner.y, right: far.x, bottom: far.y });
      if (!frame.far) {
        strokeGroups(ctx, groups);
        frame.edgesOneByOne = body.edgeIndices.length;
        return drawEdgesOneByOne.call(this, ctx);
      }
      const oneByOne = [];
      for (const id of body.edgeIndices) {
        const edge = body.edges[id];
        if (edge.connected !== true) { continue; }
        const options = edge.options;
        if (edge.selected || edge.hover || options.color.inherit || edge.fromId === edge.toId || options.smooth.enabled) {
          oneByOne.push(edge); continue;
        }
        const dashes = Array.isArray(options.dashes) ? options.dashes : options.dashes ? [5, 5] : null;
        addLine(groups, edge.from, edge.to, options.color.color, options.color.opacity, Math.max(options.width, 0.3 / scale), dashes);
        frame.edgesInBatches += 1;
      }
      strokeGroups(ctx, groups);
      for (const edge of oneByOne) { edge.draw(ctx); }
      frame.edgesOneByOne = oneByOne.length;
    };
    renderer._drawNodes = function (ctx, alwaysShow) {
      frame.nodesInBatches = 0;
      if (!isFar()) { frame.nodesOneByOne = this.body.nodeIndices.length; return drawNodesOneByOne.call(this, ctx, alwaysShow); }
      const body = this.body, scale = body.view.scale;
      const corner = this.canvas.DOMtoCanvas({ x: -20, y: -20 });
      const far = this.canvas.DOMtoCanvas({ x: this.canvas.frame.canvas.clientWidth + 20, y: this.canvas.frame.canvas.clientHeight + 20 });
      const borders = new Map(), fills = new Map(), oneByOne = [];  // colour -> opacity -> path, for each layer
      for (const id of body.nodeIndices) {
        const node = body.nodes[id];
        const shape = node.shape, options = node.options;
        if (shape.width === undefined && typeof options.shape === "string") { measure(node, ctx); }
        // a node still unmeasured, or whose name can be read, is drawn by vis-network
        if (node.selected || node.hover || shape.width === undefined ||
            (options.label && node.labelModule.fontOptions.size * scale >= 4) || typeof options.shape !== "string") {
          oneByOne.push(node); continue;
        }
        const x = node.x, y = node.y, size = options.size;
        shape.left = x - shape.width / 2; shape.top = y - shape.height / 2;  // where a click finds it
        node.updateBoundingBox();
        const box = shape.boundingBox;
        if (box.right < corner.x || box.left > far.x || box.bottom < corner.y || box.top > far.y) { continue; }
        frame.nodesInBatches += 1;
        // vis-network strokes a border of borderWidth pixels, at most the node's width, over its fill
        const border = Math.min(shape.width, options.borderWidth / scale);
        const opacity = options.opacity === undefined ? 1 : options.opacity;
        const width = shape.width, height = shape.height;
        addShape(pathOf(borders, options.color.border, opacity), options.shape, x, y, size + border / 2, width, height);
        if (size - border / 2 > 0) {
          addShape(pathOf(fills, options.color.background, opacity), options.shape, x, y, size - border / 2, width, height);
        }
      }
      ctx.save();
      for (const layer of [borders, fills]) {  // every border first, as each node's fill covers its border's inside
        for (const [color, byOpacity] of layer) {
          for (const [opacity, path] of byOpacity) {
            ctx.globalAlpha = opacity;
            ctx.fillStyle = color;
            ctx.fill(path);
          }
        }
      }
      ctx.restore();
      const labels = [];
      frame.nodesOneByOne = oneByOne.length;
      for (const node of oneByOne) {
        const later = node.draw(ctx);
        if (later.drawExternalLabel) { labels.push(later.drawExternalLabel); }
      }
      return { drawExternalLabels: function () { for (const draw of labels) { draw(); } } };
    };
    return function lastFrame() { return Object.assign({}, frame); };
  }

  /**
   * While a crowded view moves, by a drag or the wheel, move a picture of it instead of drawing it again each frame.
   *
   * The picture is the network's canvas as last drawn, copied once when the move begins, and shifted and scaled
   * with a CSS transform (the compositor's work) to where the view goes; meanwhile the network draws nothing under
   * it. The network is drawn again once, when the drag ends, or when the wheel has been still for `settleMs`. A redraw
   * of 50,000 actors takes 80 ms of script and about as long to paint: drawn on every notch of the wheel, a zoom
   * showed one or two frames a second.
   *
   * @param {vis.Network} network the network, with far drawing installed
   * @param {HTMLElement} container the element the network's canvas fills; the picture is put after it, at its place
   * @param {function(): boolean} crowded whether the view shown now is crowded enough to move a picture of it
   * @param {number} settleMs how long the wheel is still before the view is drawn again
   * @returns {HTMLCanvasElement} the picture (shown while it moves)
   */
  function movingPicture(network, container, crowded, settleMs) {
    const renderer = network.renderer;
    const picture = document.createElement("canvas");
    picture.className = "pan-picture";
    picture.setAttribute("aria-hidden", "true");
    container.after(picture);
    let from = null;  // the view the picture shows, {x, y, scale}, while it is shown; null otherwise
    let dragging = false, settling = null;  // a drag of the view goes on; the timer of the wheel's settling
    // while the picture is shown, the network draws nothing under it: each frame is only the canvas cleared
    const drawEdges = renderer._drawEdges, drawNodes = renderer._drawNodes, drawArrows = renderer._drawArrows;
    renderer._drawEdges = function (ctx) { if (from === null) { drawEdges.call(this, ctx); } };
    renderer._drawArrows = function (ctx) { if (from === null) { drawArrows.call(this, ctx); } };
    renderer._drawNodes = function (ctx, alwaysShow) {
      return from === null ? drawNodes.call(this, ctx, alwaysShow) : { drawExternalLabels: null };
    };
    function show() {
      const drawn = network.canvas.frame.canvas;
      picture.width = drawn.width; picture.height = drawn.height;
      picture.style.width = drawn.clientWidth + "px"; picture.style.height = drawn.clientHeight + "px";
      picture.getContext("2d").drawImage(drawn, 0, 0);
      picture.style.transform = "none";
      picture.style.display = "block";
      const position = network.getViewPosition();
      from = { x: position.x, y: position.y, scale: network.getScale() };
    }
    // a point of the plane at `from` is drawn at middle + (point - from) * from.scale, and now at
    // middle + (point - now) * scale: the picture moves by (from - now) * scale and grows by scale / from.scale,
    // about its middle (the transform's origin), which is the view's
    function move() {
      if (from === null) { return; }
      const now = network.getViewPosition(), scale = network.getScale();
      picture.style.transform = "translate(" + (from.x - now.x) * scale + "px, " + (from.y - now.y) * scale + "px) scale(" +
        scale / from.scale + ")";
    }
    function settle() {
      settling = null;
      if (from === null || dragging) { return; }
      from = null;
      picture.style.display = "none";
      // vis-network draws again 250 ms after the last zoom; the view is drawn here, once, instead
      window.clearTimeout(renderer.zoomTimeoutId);
      renderer.zooming = false;
      network.redraw();
    }
    // before vis-network zooms (its own listener is on an element inside the container): the picture is of the view
    // before the zoom
    container.addEventListener("wheel", function () {
      if (from === null) {
        if (!crowded()) { return; }
        show();
      }
      window.clearTimeout(settling);
      settling = window.setTimeout(settle, settleMs);
    }, { capture: true, passive: true });
    network.on("zoom", move);
    network.on("dragStart", function (params) {
      if (params.nodes.length) { dragging = false; window.clearTimeout(settling); settle(); return; }  // an actor moves live
      if (from === null && !crowded()) { return; }
      dragging = true;
      if (from === null) { show(); }
    });
    network.on("dragging", move);
    network.on("dragEnd", function () {
      if (!dragging) { return; }
      dragging = false;
      if (settling === null) { settle(); }  // unless the wheel turned meanwhile: then when it settles
    });
    return picture;
  }
  return { install: install, movingPicture: movingPicture };
})();
