// The SPARQL editor: run on /sparql without a reload, Ctrl+Enter, examples, shareable URLs, downloads.
// Without JavaScript the same form runs the query on the server (GET /editor?query=...).
"use strict";
(function () {
  var form = document.getElementById("editor");
  if (!form || !window.fetch) return;
  document.documentElement.classList.add("js");
  var textarea = document.getElementById("query");
  var problem = document.getElementById("problem");
  var results = document.getElementById("results");
  var body = document.getElementById("results-body");
  var downloads = document.getElementById("downloads");
  var runStatus = document.getElementById("run-status");
  var runButton = document.getElementById("run");
  var endpoint = form.dataset.endpoint || "/sparql";
  var publicBase = form.dataset.publicBase || "https://w3id.org/rightsgraph/";
  var prefixes = JSON.parse(form.dataset.prefixes || "{}");
  var namespaces = Object.keys(prefixes).map(function (p) { return [p, prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });

  // Syntax colours: a <pre> behind the textarea (whose own text is transparent, its caret not) shows
  // the same text in tokens; the textarea keeps focus, editing, selection and accessibility.
  var TOKENS = new RegExp([
    "(#[^\\n]*)",                                                              // 1 comment
    "(\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                                                // 3 IRI
    "([?$][A-Za-z0-9_\\u00C0-\\uFFFF]+)",                                      // 4 variable
    "(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",                                          // 5 language tag
    "((?:[A-Za-z][\\w.-]*)?:[\\w.:%-]*)",                                      // 6 prefixed name
    "([A-Za-z_][A-Za-z_0-9]*)",                                                // 7 word: keyword or function
    "((?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+))"                             // 8 number
  ].join("|"), "g");
  var KEYWORDS = /^(BASE|PREFIX|SELECT|DISTINCT|REDUCED|AS|CONSTRUCT|DESCRIBE|ASK|FROM|NAMED|WHERE|ORDER|BY|ASC|DESC|LIMIT|OFFSET|VALUES|OPTIONAL|GRAPH|UNION|MINUS|FILTER|BIND|GROUP|HAVING|NOT|EXISTS|IN|UNDEF|SERVICE|SILENT|a|true|false)$/i;
  var CLASSES = [null, "tok-comment", "tok-string", "tok-iri", "tok-var", "tok-lang", "tok-pname", null, "tok-number"];
  var painted = null;

  function highlight(text) {
    var out = document.createDocumentFragment();
    var last = 0;
    text.replace(TOKENS, function (match) {
      var groups = Array.prototype.slice.call(arguments, 1, 9);
      var offset = arguments[9];
      if (offset > last) out.appendChild(document.createTextNode(text.slice(last, offset)));
      var kind = groups.findIndex(function (g) { return g !== undefined; }) + 1;
      var cls = kind === 7 ? (KEYWORDS.test(match) ? "tok-keyword" : "tok-function") : CLASSES[kind];
      out.appendChild(cls ? el("span", { class: cls }, match) : document.createTextNode(match));
      last = offset + match.length;
      return match;
    });
    if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
    out.appendChild(document.createTextNode("\n"));  // a trailing newline keeps the last line's height
    return out;
  }

  function paint() {
    if (!painted) return;
    painted.textContent = "";
    painted.appendChild(highlight(textarea.value));
    painted.parentNode.scrollTop = textarea.scrollTop;
    painted.parentNode.scrollLeft = textarea.scrollLeft;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Where an IRI links: this service's page for the dataset's own IRIs, the IRI for other http(s) ones.
  function href(iri) {
    if (iri.indexOf(publicBase + "id/") === 0 || iri.indexOf(publicBase + "def") === 0) return "/" + iri.slice(publicBase.length);
    if (/^https?:\/\//i.test(iri)) return iri;
    return null;
  }

  function curie(iri) {
    for (var i = 0; i < namespaces.length; i++) {
      var ns = namespaces[i][1];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length) return namespaces[i][0] + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function link(iri, text) {
    var target = href(iri);
    if (!target) return document.createTextNode(text);
    var a = el("a", { href: target }, text);
    if (target.charAt(0) !== "/") a.setAttribute("rel", "noopener noreferrer nofollow");
    return a;
  }

  function term(binding) {
    var span = document.createDocumentFragment();
    if (!binding) return span;
    if (binding.type === "uri") {
      span.appendChild(link(binding.value, curie(binding.value)));
    } else if (binding.type === "bnode") {
      span.appendChild(el("span", { class: "bnode" }, "_:" + binding.value));
    } else {
      span.appendChild(el("span", { class: "literal" }, binding.value));
      if (binding["xml:lang"]) {
        span.appendChild(document.createTextNode(" "));
        span.appendChild(el("span", { class: "lang" }, "@" + binding["xml:lang"]));
      } else if (binding.datatype && !/#string$/.test(binding.datatype)) {
        span.appendChild(document.createTextNode(" "));
        span.appendChild(el("span", { class: "datatype" }, curie(binding.datatype)));
      }
    }
    return span;
  }

  function table(doc, truncated) {
    var vars = doc.head.vars || [];
    var rows = doc.results.bindings;
    var out = document.createDocumentFragment();
    out.appendChild(el("p", { class: "count" }, rows.length + (rows.length === 1 ? " row" : " rows") + (truncated ? " (cut at the row limit)" : "")));
    var wrap = el("div", { class: "scroll" });
    var t = el("table", { class: "results" });
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) { head.appendChild(el("th", { scope: "col" }, "?" + v)); });
    var tbody = t.createTBody();
    rows.forEach(function (row) {
      var tr = tbody.insertRow();
      vars.forEach(function (v) { tr.insertCell().appendChild(term(row[v])); });
    });
    wrap.appendChild(t);
    out.appendChild(wrap);
    return out;
  }

  var FORMATS = { select: [["CSV", "csv"], ["JSON", "json"]], ask: [["JSON", "json"]], graph: [["Turtle", "turtle"], ["JSON-LD", "jsonld"]] };

  function setDownloads(text, form) {
    downloads.replaceChildren();
    downloads.appendChild(document.createTextNode("Download: "));
    FORMATS[form].forEach(function (f, i) {
      if (i) downloads.appendChild(document.createTextNode(" · "));
      var params = new URLSearchParams({ query: text, format: f[1] });
      downloads.appendChild(el("a", { href: endpoint + "?" + params.toString(), download: "" }, f[0]));
    });
  }

  function showProblem(code, message, detail) {
    problem.replaceChildren();
    var p = el("p");
    p.appendChild(el("strong", {}, String(code)));
    p.appendChild(document.createTextNode(" " + message));
    problem.appendChild(p);
    if (detail !== null && detail !== undefined) problem.appendChild(el("pre", {}, JSON.stringify(detail, null, 2)));
    problem.hidden = false;
  }

  function share(text) {
    history.replaceState(null, "", "/editor?" + new URLSearchParams({ query: text }).toString());
  }

  function run() {
    var text = textarea.value;
    if (!text.trim()) return;
    problem.hidden = true;
    runButton.disabled = true;
    runStatus.textContent = "Running…";
    var started = performance.now();
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: text }).toString(),
    })
      .then(function (response) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        var truncated = response.headers.get("X-Result-Truncated") === "true";
        if (!response.ok) {
          return response.text().then(function (raw) {
            var error = null;
            try { error = JSON.parse(raw).error; } catch (e) { /* not the error shape */ }
            results.hidden = true;
            if (error) showProblem(error.code, error.message, error.detail);
            else showProblem(response.status, response.statusText || "the query failed");
            runStatus.textContent = "The query was not run.";
          });
        }
        share(text);
        if (/json$/.test(type)) {
          return response.json().then(function (doc) {
            body.replaceChildren();
            if (typeof doc.boolean === "boolean") {
              body.appendChild(el("p", { class: "boolean" }, String(doc.boolean)));
              setDownloads(text, "ask");
            } else {
              body.appendChild(table(doc, truncated));
              setDownloads(text, "select");
            }
            finish(started, doc.results ? doc.results.bindings.length : null);
          });
        }
        return response.text().then(function (graph) {
          body.replaceChildren(el("pre", { class: "graph" }, graph));
          setDownloads(text, "graph");
          finish(started, null);
        });
      })
      .catch(function (error) {
        showProblem("network", "the service could not be reached: " + error.message);
        runStatus.textContent = "";
      })
      .finally(function () { runButton.disabled = false; });
  }

  function finish(started, rows) {
    results.hidden = false;
    var ms = Math.round(performance.now() - started);
    runStatus.textContent = (rows === null ? "Done" : rows + (rows === 1 ? " row" : " rows")) + " in " + ms + " ms";
  }

  (function mountHighlighter() {
    var wrap = el("div", { class: "code-wrap" });
    var pre = el("pre", { class: "code-colours", "aria-hidden": "true" });
    painted = el("code");
    pre.appendChild(painted);
    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(pre);
    wrap.appendChild(textarea);
    textarea.classList.add("coloured");
    textarea.addEventListener("input", paint);
    textarea.addEventListener("scroll", function () { pre.scrollTop = textarea.scrollTop; pre.scrollLeft = textarea.scrollLeft; });
    if (window.ResizeObserver) new ResizeObserver(function () { pre.style.height = textarea.offsetHeight + "px"; }).observe(textarea);
    paint();
  })();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  document.querySelectorAll("a[data-example]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      var template = document.getElementById("example-" + a.dataset.example);
      if (!template) return;
      event.preventDefault();
      textarea.value = template.content.textContent;
      paint();
      document.querySelectorAll(".examples li.chosen").forEach(function (li) { li.classList.remove("chosen"); });
      a.parentNode.classList.add("chosen");
      history.replaceState(null, "", "/editor?example=" + encodeURIComponent(a.dataset.example));
      problem.hidden = true;
      textarea.focus();
      runStatus.textContent = a.textContent + ": press Ctrl+Enter to run";
    });
  });
})();
