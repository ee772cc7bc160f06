// Sends an application form as JSON, shows each error beside its field and moves focus to the
// first one, without reloading the page. Without this script the form still works as a plain POST.
(function () {
  "use strict";
  var form = document.querySelector("form.application");
  if (!form || !window.fetch || !window.JSON) return;
  var shown = Date.now();
  var summary = form.querySelector(".error-summary");
  var button = form.querySelector("button[type=submit]");
  form.noValidate = true;

  function body() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
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
    data[form.getAttribute("data-fill-time")] = Date.now() - shown;
    return JSON.stringify(data);
  }

  function clear() {
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll(".error"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    Array.prototype.forEach.call(form.querySelectorAll(".field.invalid"), function (el) {
      el.classList.remove("invalid");
    });
  }

  function show(message, fields) {
    summary.querySelector(".error-message").textContent = message;
    var list = summary.querySelector("ul");
    Object.keys(fields || {}).forEach(function (name) {
      var p = form.querySelector("#e-" + name);
      var input = form.querySelector("[name='" + name + "']");
      if (!p || !input) return;
      p.textContent = fields[name];
      p.hidden = false;
      document.getElementById("field-" + name).classList.add("invalid");
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
        el.setAttribute("aria-invalid", "true");
      });
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + input.id;
      a.textContent = fields[name];
      a.addEventListener("click", function (e) {
        e.preventDefault();
        input.focus();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = false;
    var firstInvalid = form.querySelector("[aria-invalid=true]");
    (firstInvalid || summary).focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clear();
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: body()
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 201 || res.status === 200) {
          window.location.assign(form.getAttribute("data-thanks") + "?role=" + encodeURIComponent(form.elements.role.value));
          return;
        }
        button.disabled = false;
        show(data.error || "Your application could not be sent. Please try again in a few minutes.", data.fields);
      });
    }).catch(function () {
      button.disabled = false;
      show("Your application could not be sent: the connection failed. Please check it and try again.", null);
    });
  });
})();
