// The SPARQL editor: runs without a reload (POST /editor/results answers the HTML of the results, a page
// of rows, or of the problem, which this puts under the Run button), Ctrl+Enter, examples, the PREFIX
// fold, pages of rows, shareable URLs, a syntax error's line marked. Without JavaScript the same form
// runs the query on the server (GET /editor?query=...), which shows the same HTML in the page.
"use strict";
(function () {
  var form = document.getElementById("editor");
  if (!form || !window.fetch) return;
  document.documentElement.classList.add("js");
  var textarea = document.getElementById("query");
  var problem = document.getElementById("problem");
  var results = document.getElementById("results");
  var body = document.getElementById("results-body");
  var prologue = document.getElementById("prologue");
  var runStatus = document.getElementById("run-status");
  var runButton = document.getElementById("run");
  var resultsUrl = form.dataset.results || "/editor/results";

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

  // The query the editor runs: the folded PREFIX declarations, then the text below them
  // (api/results.join_prologue does the same on the server).
  function fullText() {
    var head = prologue ? prologue.value.replace(/\s+$/, "") : "";
    return head.trim() ? head + "\n" + textarea.value : textarea.value;
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

  function share(text, page) {
    var params = { query: text };
    if (page > 1) params.page = String(page);
    history.replaceState(null, "", "/editor?" + new URLSearchParams(params).toString());
  }

  // A syntax error's line: a band behind it in the query (or the PREFIX fold opened), the caret at its column.
  var mark = null;
  function clearMark() {
    if (mark) { mark.remove(); mark = null; }
    textarea.removeAttribute("aria-invalid");
    if (prologue) prologue.removeAttribute("aria-invalid");
  }

  function offsetOf(text, line, column) {
    var lines = text.split("\n");
    var at = 0;
    for (var i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1;
    return Math.min(text.length, at + Math.max(0, column - 1));
  }

  function placeMark() {
    if (!mark) return;
    var style = getComputedStyle(textarea);
    var lineHeight = parseFloat(style.lineHeight) || 1.5 * parseFloat(style.fontSize);
    var top = parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth) + (Number(mark.dataset.line) - 1) * lineHeight - textarea.scrollTop;
    mark.style.top = top + "px";
    mark.style.height = lineHeight + "px";
    mark.hidden = top < 0 || top > textarea.clientHeight;
  }

  function markSyntax(focus) {
    var syntax = problem.querySelector(".syntax[data-line]");
    if (!syntax) return;
    clearMark();
    var line = Number(syntax.dataset.line), column = Number(syntax.dataset.column);
    var inPrologue = syntax.dataset.part === "prologue" && prologue;
    var target = inPrologue ? prologue : textarea;
    target.setAttribute("aria-invalid", "true");
    if (inPrologue) {
      document.getElementById("prologue-fold").open = true;
    } else if (textarea.parentNode.classList.contains("code-wrap")) {
      mark = el("div", { class: "error-mark", "data-line": String(line), "aria-hidden": "true" });
      textarea.parentNode.insertBefore(mark, textarea);
      placeMark();
    }
    if (focus) {
      var at = offsetOf(target.value, line, column);
      target.focus();
      target.setSelectionRange(at, at);
      placeMark();
    }
  }

  function reveal() {
    var box = results.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.45) results.scrollIntoView({ block: "start" });
  }

  function run(page) {
    var text = fullText();
    if (!text.trim()) return;
    page = page || 1;
    problem.hidden = true;
    clearMark();
    runButton.disabled = true;
    runStatus.textContent = "Running…";
    var started = performance.now();
    var form = { query: textarea.value, prologue: prologue ? prologue.value : "", page: String(page) };
    fetch(resultsUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
      body: new URLSearchParams(form).toString(),
    })
      .then(function (response) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        return response.text().then(function (raw) {
          if (type === "text/html") {
            var holder = document.createElement("template");
            holder.innerHTML = raw;
            var fragment = holder.content;
            var failed = fragment.querySelector(".problem-fragment");
            if (failed || !response.ok) {
              results.hidden = true;
              problem.replaceChildren();
              if (failed) problem.appendChild(failed);
              else showProblem(response.status, response.statusText || "the query failed");
              problem.hidden = false;
              markSyntax(false);
              runStatus.textContent = "The query was not run.";
              problem.scrollIntoView({ block: "nearest" });
              return;
            }
            body.replaceChildren(fragment);
            share(text, page);
            var result = body.querySelector(".result");
            var total = result && result.dataset.total !== undefined ? Number(result.dataset.total) : null;
            finish(started, total);
            reveal();
            return;
          }
          var error = null;
          try { error = JSON.parse(raw).error; } catch (e) { /* not the error shape */ }
          results.hidden = true;
          if (error) showProblem(error.code, error.message, error.detail);
          else showProblem(response.status, response.statusText || "the query failed");
          runStatus.textContent = "The query was not run.";
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
    runStatus.textContent = (rows === null ? "Done" : rows.toLocaleString("en") + (rows === 1 ? " row" : " rows")) + " in " + ms + " ms";
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
    textarea.addEventListener("scroll", function () { pre.scrollTop = textarea.scrollTop; pre.scrollLeft = textarea.scrollLeft; placeMark(); });
    textarea.addEventListener("input", clearMark);
    if (window.ResizeObserver) new ResizeObserver(function () { pre.style.height = textarea.offsetHeight + "px"; }).observe(textarea);
    paint();
  })();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(1);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(1);
    }
  });
  if (prologue) prologue.addEventListener("input", function () { clearMark(); });
  // The pages of rows and "Go to line" run here, without leaving the page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("#results nav.row-pages a[data-page]") : null;
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      run(Number(link.dataset.page));
      return;
    }
    if (event.target.closest && event.target.closest("#problem [data-goto]")) markSyntax(true);
  });
  markSyntax(false);  // a page the server rendered with a syntax error
  document.querySelectorAll("a[data-example]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      var template = document.getElementById("example-" + a.dataset.example);
      if (!template) return;
      event.preventDefault();
      textarea.value = template.content.textContent;
      if (prologue) prologue.value = template.dataset.prologue || "";
      clearMark();
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
