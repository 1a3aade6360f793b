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
  // actors smaller than `radius` pixels, drawn as squares of their fill 2 × radius wide, on whole device pixels: a shape
  // of a pixel or two shows no colour, and 50,000 shapes grown to that size, smoothed at their edges, made a frame
  // 0.12 s longer, and 50,000 calls of fillRect 0.05 s. The squares are written into the pixels of a layer of their own,
  // laid on the picture in one go (a few milliseconds); a colour that is not #rrggbb is filled square by square
  const HEX = /^#[0-9a-f]{6}$/i;
  let dotLayer = null, dotPixels = null;
  function dotsOf(ctx, dots, radius) {
    if (!dots.size) { return; }
    const m = ctx.getTransform(), canvas = ctx.canvas, width = canvas.width, height = canvas.height;
    const side = Math.max(1, Math.round(2 * radius * (canvas.clientWidth ? width / canvas.clientWidth : 1)));  // device pixels
    if (dotLayer === null) { dotLayer = document.createElement("canvas"); }
    if (dotLayer.width !== width || dotLayer.height !== height || dotPixels === null) {
      dotLayer.width = width; dotLayer.height = height;
      dotPixels = dotLayer.getContext("2d").createImageData(width, height);
    }
    const words = new Uint32Array(dotPixels.data.buffer);
    words.fill(0);
    const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    for (const [color, byOpacity] of dots) {
      for (const [opacity, points] of byOpacity) {
        const at = function (i) {  // the square's top left corner, in device pixels
          return [Math.round(m.a * points[i] + m.c * points[i + 1] + m.e - side / 2), Math.round(m.b * points[i] + m.d * points[i + 1] + m.f - side / 2)];
        };
        if (!HEX.test(color)) {
          ctx.fillStyle = color; ctx.globalAlpha = opacity;
          for (let i = 0; i < points.length; i += 2) { const [x, y] = at(i); ctx.fillRect(x, y, side, side); }
          continue;
        }
        const r = parseInt(color.slice(1, 3), 16), g = parseInt(color.slice(3, 5), 16), b = parseInt(color.slice(5, 7), 16);
        const a = Math.round(255 * opacity);
        const word = little ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
        for (let i = 0; i < points.length; i += 2) {
          const [x, y] = at(i);
          const left = Math.max(0, x), right = Math.min(width, x + side), top = Math.max(0, y), bottom = Math.min(height, y + side);
          for (let row = top; row < bottom; row++) { words.fill(word, row * width + left, row * width + right); }
        }
      }
    }
    dotLayer.getContext("2d").putImageData(dotPixels, 0, 0);
    ctx.globalAlpha = 1;
    ctx.drawImage(dotLayer, 0, 0);
    ctx.restore();
  }
  function pointsOf(layer, color, opacity) {  // as pathOf, a list of points
    let byOpacity = layer.get(color);
    if (byOpacity === undefined) { byOpacity = new Map(); layer.set(color, byOpacity); }
    let points = byOpacity.get(opacity);
    if (points === undefined) { points = []; byOpacity.set(opacity, points); }
    return points;
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
   *   right, bottom); a look is one object for all the edges drawn alike: {color, opacity, width, dashes, union}, where
   *   `union` (optional) draws its lines as one haze (see strokeUnion)
   * @param {object} settings read at each frame: {smallestRadius}, the radius in screen pixels under which an actor is
   *   not drawn from far out (a smaller one is drawn that big: a dot of a pixel shows no colour, and far out the
   *   colours are what tells the kinds, or the communities, apart)
   * @returns {function(): object} what the last frame drew: {far, edgesInBatches, edgesOneByOne, nodesInBatches, nodesOneByOne},
   *   and how many frames the network has drawn so far: {drawn}
   */
  function install(network, isFar, eachEdgeNotHeld, settings) {
    const renderer = network.renderer;
    const frame = { far: false, edgesInBatches: 0, edgesOneByOne: 0, nodesInBatches: 0, nodesOneByOne: 0, drawn: 0 };
    const drawEdgesOneByOne = renderer._drawEdges, drawNodesOneByOne = renderer._drawNodes;
    // one stroke for each look: [color, opacity, width, dashes] -> a path of segments
    function strokeGroups(ctx, groups) {
      ctx.save();
      for (const group of groups.values()) {
        if (group.union) { strokeUnion(ctx, group); continue; }
        ctx.globalAlpha = group.opacity;
        ctx.strokeStyle = group.color;
        ctx.lineWidth = group.width;
        ctx.setLineDash(group.dashes || []);
        ctx.stroke(group.path);
      }
      ctx.restore();
    }
    // a look marked `union` is drawn opaque on a layer of its own, then laid on the picture at its opacity: where its
    // lines cross or run together they are one haze, not darker and darker (and thousands of lines at a low opacity,
    // each blended with rounding, come out nearly black)
    // The layer has half the picture's resolution: a haze needs no more, and its lines cost half as much to draw.
    let unionLayer = null;
    function strokeUnion(ctx, group) {
      const canvas = ctx.canvas, width = Math.ceil(canvas.width / 2), height = Math.ceil(canvas.height / 2);
      if (unionLayer === null) { unionLayer = document.createElement("canvas"); }
      if (unionLayer.width !== width || unionLayer.height !== height) { unionLayer.width = width; unionLayer.height = height; }
      const layer = unionLayer.getContext("2d");
      layer.setTransform(1, 0, 0, 1, 0, 0);
      layer.clearRect(0, 0, width, height);
      layer.scale(0.5, 0.5);
      layer.transform.apply(layer, (function (m) { return [m.a, m.b, m.c, m.d, m.e, m.f]; })(ctx.getTransform()));
      layer.strokeStyle = group.color; layer.lineWidth = group.width; layer.setLineDash(group.dashes || []);
      layer.stroke(group.path);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = group.opacity;
      ctx.drawImage(unionLayer, 0, 0, canvas.width, canvas.height);
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
            groups.set(look, { color: look.color, opacity: look.opacity, width: Math.max(look.width, 0.3 / scale), dashes: look.dashes,
                               union: look.union === true, path: path });
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
      const smallDots = new Map();  // colour -> opacity -> [x, y, x, y...]: the actors drawn as dots
      let lastColor = null, lastOpacity = null, lastPoints = null;
      const smallest = settings.smallestRadius / scale;
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
        const opacity = options.opacity === undefined ? 1 : options.opacity;
        if (size < smallest) {  // too small to show its colour: a square of its fill, on whole pixels (see dotsOf)
          if (options.color.background !== lastColor || opacity !== lastOpacity) {  // most actors in a row share a look
            lastColor = options.color.background; lastOpacity = opacity;
            lastPoints = pointsOf(smallDots, lastColor, lastOpacity);
          }
          lastPoints.push(x, y);
          continue;
        }
        // vis-network strokes a border of borderWidth pixels, at most the node's width, over its fill
        const width = shape.width, height = shape.height;
        const border = Math.min(width, options.borderWidth / scale);
        addShape(pathOf(borders, options.color.border, opacity), options.shape, x, y, size + border / 2, width, height);
        if (size - border / 2 > 0) {
          addShape(pathOf(fills, options.color.background, opacity), options.shape, x, y, size - border / 2, width, height);
        }
      }
      dotsOf(ctx, smallDots, settings.smallestRadius);
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
