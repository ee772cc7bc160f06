// Sends a program form as JSON and, when it is refused, shows each error beside its field and a
// summary that names every field in the form's order, then moves focus to the summary so that it
// is read out. Without this script every form still works as a plain POST.
(function () {
  "use strict";
  if (!window.fetch || !window.JSON) return;
  var shown = Date.now();
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function body(form) {
    var data = {};
    each(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      var kind = el.getAttribute("data-kind");
      if (kind === "list") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else if (kind === "bool") {
        data[el.name] = el.checked;
      } else if (el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
      } else if (kind === "number") {
        if (el.value !== "") data[el.name] = /^-?\d+$/.test(el.value) ? Number(el.value) : el.value;
      } else if (el.value !== "" || el.type !== "hidden") {
        data[el.name] = el.value;
      }
    });
    var fill = form.getAttribute("data-fill-time");
    if (fill) data[fill] = Date.now() - shown;
    return JSON.stringify(data);
  }

  function clear(form, summary) {
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
    each(form.querySelectorAll(".error"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    each(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    each(form.querySelectorAll(".field.invalid"), function (el) { el.classList.remove("invalid"); });
  }

  // named joins a field's name and its message into one sentence, by the rule of the server's
  // summary (forms.Named): a message that begins with the name is kept whole; after a question
  // the message follows as a sentence of its own; otherwise "Name: message".
  function named(name, message) {
    var lower = message.toLowerCase(), said = name.toLowerCase();
    if (lower.indexOf(said) === 0 || lower.replace(/^the /, "").indexOf(said) === 0) return message;
    if (/[?.!]$/.test(name)) return name + " " + message;
    if (message.length > 1 && message.charAt(1) === message.charAt(1).toLowerCase()) {
      message = message.charAt(0).toLowerCase() + message.slice(1);
    }
    return name + ": " + message;
  }

  function show(form, summary, message, fields) {
    fields = fields || {};
    summary.querySelector(".error-message").textContent = message;
    var list = summary.querySelector("ul");
    var listed = {};
    each(form.querySelectorAll(".field"), function (box) {
      var name = box.getAttribute("data-name");
      if (!(name in fields)) return;
      listed[name] = true;
      var p = box.querySelector(".error");
      var input = box.querySelector("[name='" + name + "']");
      p.textContent = fields[name];
      p.hidden = false;
      box.classList.add("invalid");
      each(box.querySelectorAll("[name='" + name + "']"), function (el) { el.setAttribute("aria-invalid", "true"); });
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + input.id;
      a.textContent = named(box.getAttribute("data-label"), fields[name]);
      a.addEventListener("click", function (e) {
        e.preventDefault();
        input.focus();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    Object.keys(fields).sort().forEach(function (name) {
      if (listed[name]) return;
      var li = document.createElement("li");
      li.textContent = fields[name];
      list.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
  }

  each(document.querySelectorAll("form.program-form"), function (form) {
    var summary = form.querySelector(".error-summary");
    var button = form.querySelector("button[type=submit]");
    form.noValidate = true;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clear(form, summary);
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: body(form)
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (res.ok) {
            var next = form.getAttribute("data-thanks");
            if (form.elements.role) next += "?role=" + encodeURIComponent(form.elements.role.value);
            window.location.assign(next);
            return;
          }
          button.disabled = false;
          show(form, summary, data.error || "The form could not be sent. Please try again in a few minutes.", data.fields);
        });
      }).catch(function () {
        button.disabled = false;
        show(form, summary, "The form could not be sent: the connection failed. Please check it and try again.", null);
      });
    });
  });
})();
