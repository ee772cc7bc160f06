// The pages are built once, but what they say about windows must be true on the day they are
// read. Built pages carry every window's dates (data-windows on a status note, data-month on
// the timeline's months, data-closes on the key dates); this script restates them on the
// visitor's day in the program's time zone, by the functions' rule: the first window that has
// not closed. Without JavaScript, the built sentence stands, dated "as of" the build. A site built
// by the local stack with its clock moved (TODAY) says by how many days (data-clock-days), and
// the visitor's day is moved as much.
(function () {
  "use strict";
  var script = document.currentScript;
  var zone = script ? script.getAttribute("data-time-zone") : "America/Chicago";

  // Today in the program's time zone, as YYYY-MM-DD.
  var parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
  }).formatToParts(new Date());
  var p = {};
  parts.forEach(function (x) { p[x.type] = x.value; });
  var moved = new Date(Date.UTC(+p.year, +p.month - 1, +p.day + (+(script && script.getAttribute("data-clock-days")) || 0)));
  var today = moved.toISOString().slice(0, 10);

  // "September 30, 2026", as the site writes dates.
  function long(day) {
    return new Date(day + "T12:00:00Z").toLocaleDateString("en-US", {
      timeZone: "UTC", month: "long", day: "numeric", year: "numeric"
    });
  }
  function time(day) {
    var t = document.createElement("time");
    t.setAttribute("datetime", day);
    t.textContent = long(day);
    return t;
  }
  function el(name, children) {
    var e = document.createElement(name);
    children.forEach(function (c) { e.append(c); });
    return e;
  }

  document.querySelectorAll("p.status[data-windows]").forEach(function (note) {
    var windows = JSON.parse(note.getAttribute("data-windows"));
    var label = note.getAttribute("data-label");
    if (!windows.length) { return; }
    var w = null;
    for (var i = 0; i < windows.length && !w; i++) {
      if (windows[i].closes >= today) { w = windows[i]; }
    }
    var state = w ? (w.opens <= today ? "open" : "upcoming") : "closed";
    w = w || windows[windows.length - 1];
    var year = el("span", [w.name]);
    year.className = "nowrap";
    var content;
    if (state === "open") {
      content = [el("strong", [label + " for ", year, ": open now"]), ", until ", time(w.closes), "."];
    } else if (state === "upcoming") {
      content = [el("strong", [label + " for ", year, ": open on ", time(w.opens)]), " and close on ", time(w.closes), "."];
    } else {
      content = [el("strong", [label + ": closed."]), " The last window closed on ", time(w.closes),
        "; the next dates will appear on the timeline."];
    }
    var asOf = el("span", ["(As of ", time(today), ".)"]);
    asOf.className = "as-of";
    note.className = "status status-" + state;
    document.querySelectorAll("[data-window-form]").forEach(function (f) { f.hidden = state !== "open"; });
    document.querySelectorAll(".form-closed").forEach(function (c) { c.hidden = state === "open"; });
    note.replaceChildren.apply(note, content.concat([" ", asOf]));
  });

  document.querySelectorAll("li[data-month]").forEach(function (li) {
    var now = li.getAttribute("data-month") === today.slice(0, 7);
    li.classList.toggle("now", now);
    var tag = li.querySelector(".now-tag");
    if (now && !tag) {
      tag = el("span", ["this month"]);
      tag.className = "now-tag";
      li.querySelector("h3").append(" ", tag);
    } else if (!now && tag) {
      var before = tag.previousSibling;
      if (before && before.nodeType === Node.TEXT_NODE && before.textContent.trim() === "") {
        before.remove();
      }
      tag.remove();
    }
  });

  document.querySelectorAll("li[data-closes]").forEach(function (li) {
    li.hidden = li.getAttribute("data-closes") < today;
  });
})();
