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
      path.moveTo(x + points[0][0] * r, y + points[0][1] * r);
      for (let i = 1; i < points.length; i++) { path.lineTo(x + points[i][0] * r, y + points[i][1] * r); }
      path.closePath();
    } else if (shape === "box" || shape === "ellipse" || shape === "database" || shape === "text") {
      const grow = r - width / 2;  // the border's outer or inner edge
      path.rect(x - width / 2 - grow, y - height / 2 - grow, width + 2 * grow, height + 2 * grow);
    } else {
      path.moveTo(x + r, y);
      path.arc(x, y, Math.max(r, 0), 0, 2 * Math.PI);
    }
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
   * @returns {function(): object} what the last frame drew: {far, edgesInBatches, edgesOneByOne, nodesInBatches, nodesOneByOne}
   */
  function install(network, isFar, eachEdgeNotHeld) {
    const renderer = network.renderer;
    const frame = { far: false, edgesInBatches: 0, edgesOneByOne: 0, nodesInBatches: 0, nodesOneByOne: 0 };
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
      eachEdgeNotHeld(function (from, to, look) {
        frame.edgesInBatches += 1;
        let path = byLook.get(look);
        if (path === undefined) {
          path = new Path2D();
          byLook.set(look, path);
          groups.set(look, { color: look.color, opacity: look.opacity, width: Math.max(look.width, 0.3 / scale), dashes: look.dashes, path: path });
        }
        path.moveTo(from.x, from.y);
        path.lineTo(to.x, to.y);
      }, view);
    }
    renderer._drawEdges = function (ctx) {
      const body = this.body, scale = body.view.scale;
      const groups = new Map();
      frame.far = isFar(); frame.edgesInBatches = 0; frame.edgesOneByOne = 0;
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
      const fills = new Map(), oneByOne = [];
      for (const id of body.nodeIndices) {
        const node = body.nodes[id];
        const shape = node.shape, options = node.options;
        // a node vis-network has not measured yet, or whose name can be read, is drawn by vis-network
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
        const outer = groupOf(fills, "1|" + options.color.border + "|" + opacity, function () {
          return { layer: 1, color: options.color.border, opacity: opacity, path: new Path2D() };
        });
        addShape(outer.path, options.shape, x, y, size + border / 2, width, height);
        if (size - border / 2 > 0) {
          const inner = groupOf(fills, "2|" + options.color.background + "|" + opacity, function () {
            return { layer: 2, color: options.color.background, opacity: opacity, path: new Path2D() };
          });
          addShape(inner.path, options.shape, x, y, size - border / 2, width, height);
        }
      }
      ctx.save();
      for (const layer of [1, 2]) {
        for (const group of fills.values()) {
          if (group.layer !== layer) { continue; }
          ctx.globalAlpha = group.opacity;
          ctx.fillStyle = group.color;
          ctx.fill(group.path);
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
  return { install: install };
})();
