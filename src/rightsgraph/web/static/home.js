// Home page: switch the state in place (the form still works without JavaScript).
"use strict";
(function () {
  var form = document.getElementById("state-form");
  var region = document.getElementById("standing");
  if (!form || !region || !window.fetch || !window.DOMParser) return;
  document.documentElement.classList.add("js");
  var select = form.querySelector("select");
  var status = document.getElementById("state-status");
  var heading = document.getElementById("question");
  var timer = null;
  var latest = 0;

  function url(code) {
    return "/?state=" + encodeURIComponent(code);
  }

  function show(code, remember) {
    var ticket = ++latest;
    region.setAttribute("aria-busy", "true");
    fetch(url(code), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("standing");
        var question = doc.getElementById("question");
        if (!fresh || !question) throw new Error("unexpected page");
        region.replaceChildren.apply(region, Array.from(fresh.childNodes).map(function (n) { return document.importNode(n, true); }));
        heading.textContent = question.textContent;
        document.title = doc.title;
        if (remember) history.pushState({ state: code }, "", url(code));
        status.textContent = question.textContent;
      })
      .catch(function () {
        if (ticket === latest) form.submit();
      })
      .finally(function () {
        if (ticket === latest) region.removeAttribute("aria-busy");
      });
  }

  select.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(select.value, true); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(select.value, true);
  });
  window.addEventListener("popstate", function () {
    var code = new URLSearchParams(location.search).get("state") || select.options[0].value;
    select.value = code.toUpperCase();
    show(select.value, false);
  });
})();
