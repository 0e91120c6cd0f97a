/* accord workbench: drives the JSON API of this server (same origin, no external code). */
"use strict";

(function () {
  const DEFAULT_BUILTIN = "cairo-talks-2024";
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);

  const state = {
    meta: null,
    builtins: [],
    source: { builtin: DEFAULT_BUILTIN }, // {builtin: name} or {scenario: text}
    summary: null,                        // POST /api/validate's scenario summary (base scenario)
    variant: null,
    proposal: {},
    analysis: null,
    view: null,                           // the validate summary of the scenario with the current variant applied
    evaluation: null,
    comparison: null,
    form: null,                           // POST /api/edit's form fields of the scenario text
    formText: null,                       // the scenario text that /api/edit last answered with
    fileName: null,                       // the download's file name, from the scenario's name
    pair: null,                           // the two parties the utility chart plots
    pairChosen: false,                    // the user picked the pair (else the default follows the analysis)
    seq: {},
  };

  // ---------------------------------------------------------------- helpers

  /** A guard against stale answers: only the latest request of a kind may render. */
  function latest(kind) {
    const n = (state.seq[kind] || 0) + 1;
    state.seq[kind] = n;
    return () => state.seq[kind] === n;
  }

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    };
    let response;
    try {
      response = await fetch(path, options);
    } catch (exc) {
      throw { status: 0, error: "cannot reach the accord server (" + exc.message + ")" };
    }
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const failure = { status: response.status, error: `the server answered ${response.status}` };
      if (data && typeof data === "object") {
        if (Array.isArray(data.errors)) failure.errors = data.errors;
        if (data.error) failure.error = data.error;
        else if (failure.errors) failure.error = "the scenario is not valid";
      }
      throw failure;
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const fmt = (x) => (x === null || x === undefined ? "–" : Number(x).toFixed(3));
  const pct = (x) => (x === null || x === undefined ? "–" : (100 * x).toFixed(1) + "%");
  const outcomeText = (outcome) => Object.entries(outcome || {}).map(([k, v]) => `${k}=${v}`).join(", ");

  function showError(node, failure) {
    if (!failure) { node.hidden = true; node.textContent = ""; return; }
    node.hidden = false;
    node.textContent = failure.error || String(failure);
  }

  function busy(id, on) { const node = $(id); if (node) node.hidden = !on; }

  function payload(extra) {
    return Object.assign({}, state.source, extra || {});
  }

  function partyUtilities(utilities, parties) {
    return parties.map((p) => `${p} ${fmt(utilities[p])}`).join(", ");
  }

  // ---------------------------------------------------------------- scenario and its problems

  function updateGutter(badLines) {
    const text = $("scenario-text").value;
    const count = Math.max(1, text.split("\n").length);
    const gutter = $("scenario-gutter");
    gutter.textContent = "";
    const bad = new Set(badLines || []);
    for (let i = 1; i <= count; i++) {
      gutter.append(bad.has(i) ? el("span", { class: "bad", title: "a problem on this line" }, String(i)) : String(i));
      gutter.append("\n");
    }
    gutter.scrollTop = $("scenario-text").scrollTop;
  }

  function jumpToLine(line) {
    const area = $("scenario-text");
    const lines = area.value.split("\n");
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const end = start + (lines[line - 1] || "").length;
    $("own-scenario").open = true;
    area.focus();
    area.setSelectionRange(start, end);
    area.scrollTop = Math.max(0, (line - 4) * 18);
  }

  function showProblems(failure, fromText) {
    const box = $("scenario-errors");
    box.textContent = "";
    const editor = $("editor");
    if (!failure) {
      box.hidden = true;
      editor.classList.remove("invalid");
      updateGutter([]);
      return;
    }
    box.hidden = false;
    const problems = failure.errors || [];
    const count = problems.length;
    box.append(el("p", { text: count ? `The scenario is not valid: ${count} problem${count > 1 ? "s" : ""}.`
                                     : failure.error }));
    if (count) {
      const list = el("ul", { "data-testid": "scenario-error-list" });
      for (const problem of problems) {
        const where = [];
        if (problem.line) {
          where.push(fromText
            ? el("button", { class: "link", type: "button", onclick: () => jumpToLine(problem.line) }, `line ${problem.line}`)
            : `line ${problem.line}`);
          where.push(" ");
        }
        if (problem.path) where.push(el("span", { class: "where" }, problem.path), ": ");
        list.append(el("li", { "data-testid": "scenario-error", "data-path": problem.path || "",
                               "data-line": problem.line || "" }, ...where, problem.message));
      }
      box.append(list);
    }
    if (fromText) {
      $("own-scenario").open = true;
      editor.classList.add("invalid");
      updateGutter(problems.map((p) => p.line).filter(Boolean));
    }
  }

  async function loadScenario(source, options) {
    const keepVariant = options && options.keepVariant;
    const fromText = source.scenario !== undefined;
    const fresh = latest("load");
    $("scenario-title").textContent = "Loading…";
    let answer;
    try {
      answer = await api("/api/validate", source);
    } catch (failure) {
      if (!fresh()) return;
      showProblems(failure, fromText);
      $("scenario-title").textContent = state.summary ? state.summary.name : "No scenario loaded";
      return;
    }
    if (!fresh()) return;
    showProblems(null);
    const previous = state.summary;
    state.source = source;
    state.summary = answer.scenario;
    if (!keepVariant || !answer.scenario.variants.some((v) => v.name === state.variant)) state.variant = null;
    if (!previous || previous.parties.join() !== answer.scenario.parties.join()) state.pairChosen = false;
    state.proposal = {};
    state.analysis = state.evaluation = state.comparison = state.view = null;
    $("scenario-title").textContent = answer.scenario.name;
    $("source-label").textContent = fromText ? "Working on: your scenario (pasted or uploaded)"
                                             : `Working on: built-in ${source.builtin}`;
    renderVariants();
    renderProposalControls();
    renderStrategies();
    updateReport();
    $("simulation-result").hidden = true;
    $("montecarlo-result").hidden = true;
    $("mcv-result").hidden = true;
    $("forecast-result").hidden = true;
    await Promise.all([refresh(true), loadComparison(), loadForm()]);
  }

  // ---------------------------------------------------------------- the actors' form (POST /api/edit)

  /** The scenario's form fields and canonical text; edits [] changes nothing. */
  async function loadForm() {
    const fresh = latest("form");
    showError($("form-error"), null);
    try {
      const answer = await api("/api/edit", Object.assign({}, state.source, { edits: [] }));
      if (!fresh()) return;
      state.form = answer.form;
      state.formText = answer.text;
      state.fileName = answer.file_name;
      renderForm();
    } catch (failure) {
      if (fresh()) showError($("form-error"), failure);
    }
  }

  const FIELD_RULES = {
    weight: { low: 0, high: Infinity, what: "a number >= 0" },
    unit: { low: 0, high: 1, what: "a number from 0 to 1" },
    any: { low: -Infinity, high: Infinity, what: "a number" },
  };

  /** A field's text checked in the page: null when it may be sent, else the one-line reason. */
  function fieldProblem(text, rule) {
    const t = text.trim();
    if (t === "" || t.startsWith("{")) return null; // empty removes the key; a distribution is checked by the server
    const x = Number(t);
    const r = FIELD_RULES[rule];
    if (!Number.isFinite(x) || !/^[-+]?[0-9.]/.test(t)) {
      return `expected ${r.what}` + (rule === "any" ? "" : " (or a distribution such as {triangular: [0.2, 0.3, 0.4]})") + `, got "${t}"`;
    }
    if (x < r.low || x > r.high) return `expected ${r.what}, got ${t}`;
    return null;
  }

  function markField(input, message) {
    const box = input.closest(".field");
    const note = box ? box.querySelector(".field-error") : null;
    input.classList.toggle("bad", !!message);
    input.setAttribute("aria-invalid", message ? "true" : "false");
    if (note) { note.hidden = !message; note.textContent = message || ""; }
  }

  function clearFieldMarks() {
    for (const input of document.querySelectorAll("#form-panel input.value")) markField(input, null);
    showError($("form-error"), null);
  }

  /** A text field for the value at ``path``, with its message slot beside it. */
  function field(path, text, rule, label) {
    const input = el("input", { type: "text", class: "value", size: 10, value: text === null ? "" : text,
      "data-path": path.join("."), "data-testid": "field", "aria-label": label || path.slice(1).join(" ") });
    input.addEventListener("change", () => {
      const problem = fieldProblem(input.value, rule);
      markField(input, problem);
      if (!problem) submitEdits([{ path, text: input.value }], input);
    });
    return el("span", { class: "field" }, input, el("span", { class: "field-error", "data-testid": "field-error", hidden: true }));
  }

  function renderForm() {
    const select = $("form-actor");
    const actors = (state.form && state.form.actors) || [];
    const chosen = actors.some((a) => a.id === select.value) ? select.value : (actors[0] || {}).id;
    select.textContent = "";
    select.append(...actors.map((a) => el("option", { value: a.id, selected: a.id === chosen }, `${a.name} (${a.role})`)));
    const actor = actors.find((a) => a.id === chosen);
    const reservation = $("form-reservation");
    const body = $("form-table").querySelector("tbody");
    body.textContent = "";
    if (!actor) { reservation.disabled = true; return; }
    reservation.disabled = false;
    reservation.value = actor.reservation === null ? "" : actor.reservation;
    state.reservationPath = ["actors", actor.id, "reservation"];
    reservation.dataset.path = state.reservationPath.join(".");
    markField(reservation, null);
    const issues = Object.fromEntries(state.summary.issues.map((i) => [i.id, i]));
    for (const [issueId, pref] of Object.entries(actor.preferences)) {
      const issue = issues[issueId];
      if (!issue) continue;
      const base = ["actors", actor.id, "preferences", issueId];
      const keys = issue.kind === "categorical" ? issue.options.map(String) : Object.keys(pref.values);
      const values = el("div", { class: "values" }, keys.map((k) => el("label", {}, k,
        field([...base, "values", k], pref.values[k] === undefined ? null : pref.values[k], "unit", `${issueId} value of ${k}`))));
      const row = el("tr", { "data-testid": `form-row-${issueId}` },
        el("td", {}, issue.name + (issue.unit ? ` (${issue.unit})` : "")),
        el("td", {}, field([...base, "weight"], pref.weight, "weight", `${issueId} weight`)),
        el("td", {}, values),
        el("td", {}, redLineControls(base, issue, pref)),
        el("td", {}, field([...base, "holds"], pref.holds, "unit", `${issueId} holds`)),
        el("td", { class: "small" }, pref.unless ? el("code", {}, pref.unless) : "–"));
      body.append(row);
    }
    if (!body.children.length) body.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "This actor states no preferences.")));
  }

  function redLineControls(base, issue, pref) {
    if (issue.kind !== "categorical") {
      return el("div", { class: "values" },
        el("label", {}, "min", field([...base, "min"], pref.min, "any", `${issue.id} minimum`)),
        el("label", {}, "max", field([...base, "max"], pref.max, "any", `${issue.id} maximum`)));
    }
    const kind = el("select", { "data-testid": `red-line-kind-${issue.id}`, "aria-label": `${issue.id} red line` },
      [["", "none"], ["reject", "rejects"], ["accept", "accepts only"]].map(([v, t]) =>
        el("option", { value: v, selected: (pref.red_line || "") === v }, t)));
    const boxes = issue.options.map((o) => el("input", { type: "checkbox", value: String(o),
      checked: pref.options.includes(String(o)), disabled: !pref.red_line, "data-testid": `red-line-option-${issue.id}-${o}` }));
    const note = el("span", { class: "field-error", "data-testid": "field-error", hidden: true });
    const holder = el("span", { class: "field" }, kind, el("div", { class: "options" },
      boxes.map((b) => el("label", {}, b, b.value))), note);
    const send = () => {
      const chosen = kind.value;
      for (const b of boxes) b.disabled = !chosen;
      const picked = boxes.filter((b) => b.checked).map((b) => b.value);
      note.hidden = true;
      if (chosen && !picked.length) {
        note.hidden = false;
        note.textContent = `choose the options it ${chosen === "reject" ? "rejects" : "accepts"}`;
        return;
      }
      const other = chosen === "accept" ? "reject" : "accept";
      const edits = chosen
        ? [{ path: [...base, other], remove: true }, { path: [...base, chosen], value: picked }]
        : ["reject", "accept", "holds", "unless"].map((k) => ({ path: [...base, k], remove: true }));
      submitEdits(edits, kind);
    };
    kind.addEventListener("change", send);
    for (const b of boxes) b.addEventListener("change", send);
    return holder;
  }

  /** Send the form's edits; on success the editor holds the new text and the page analyses it again. */
  async function submitEdits(edits, node) {
    const fresh = latest("edit");
    busy("form-busy", true);
    $("form-status").textContent = "";
    try {
      const answer = await api("/api/edit", Object.assign({}, state.source, { edits }));
      if (!fresh()) return;
      clearFieldMarks();
      $("scenario-text").value = answer.text;
      updateGutter([]);
      await loadScenario({ scenario: answer.text }, { keepVariant: true });
      $("form-status").textContent = answer.comments_kept
        ? "The scenario text is updated (comments kept)."
        : "The scenario text was written out again: its comments were dropped (anchors or aliases).";
      $("form-status").dataset.state = "saved";
    } catch (failure) {
      if (!fresh()) return;
      showFieldFailure(failure, node);
      $("form-status").dataset.state = "failed";
    } finally {
      if (fresh()) busy("form-busy", false);
    }
  }

  /** The server's one-line message beside the field it names (else beside the field edited). */
  function showFieldFailure(failure, node) {
    const problems = failure.errors || [];
    const path = node.dataset.path || "";
    const own = problems.find((p) => p.path === path) || problems.find((p) => p.path && p.path.startsWith(path))
      || problems.find((p) => p.path && path.startsWith(p.path)) || problems[0];
    const message = own ? own.message : failure.error;
    if (node.classList.contains("value")) markField(node, message);
    else {
      const note = node.closest(".field").querySelector(".field-error");
      note.hidden = false;
      note.textContent = message;
    }
    if (problems.length > 1) {
      showError($("form-error"), { error: "The edit leaves the scenario invalid: " +
        problems.map((p) => (p.path ? `${p.path}: ` : "") + p.message).join("; ") });
    }
  }

  // ---------------------------------------------------------------- download the scenario (YAML)

  function downloadScenario() {
    const status = $("download-status");
    const fromText = state.source.scenario !== undefined;
    const text = fromText ? $("scenario-text").value : state.formText;
    if (!text) { status.textContent = "no scenario loaded yet"; return; }
    const name = state.fileName || "scenario.yaml";
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = fromText && text !== state.source.scenario
      ? `${name}: the editor's text, changed since it was last analysed (not yet checked)` : name;
  }

  // ---------------------------------------------------------------- variants

  function renderVariants() {
    const list = $("variant-list");
    list.textContent = "";
    const entries = [{ name: null, description: "the scenario as written" }].concat(state.summary.variants);
    for (const entry of entries) {
      const value = entry.name || "";
      const input = el("input", {
        type: "radio", name: "variant", value, "data-testid": `variant-${entry.name || "base"}`,
        checked: (state.variant || "") === value,
      });
      input.addEventListener("change", () => selectVariant(entry.name));
      list.append(el("label", { class: (state.variant || "") === value ? "current" : "" },
        input, el("span", { class: "name" }, entry.name || "(base)"), el("span", { class: "desc" }, entry.description || "")));
    }
    if (!state.summary.variants.length) list.append(el("p", { class: "muted small" }, "This scenario has no variants."));
  }

  async function selectVariant(name) {
    state.variant = name || null;
    for (const id of ["simulation-result", "montecarlo-result", "forecast-result"]) $(id).hidden = true; // stale now
    for (const label of $("variant-list").querySelectorAll("label")) {
      const input = label.querySelector("input");
      input.checked = input.value === (state.variant || "");
      label.classList.toggle("current", input.checked);
    }
    highlightComparison();
    updateReport();
    await refresh(false);
  }

  // ---------------------------------------------------------------- analysis

  async function refresh(chooseProposal) {
    const fresh = latest("analysis");
    busy("analysis-busy", true);
    showError($("analysis-error"), null);
    let analysis, view;
    try {
      // the scenario as the variant leaves it (its red lines and rule), beside its analysis
      [analysis, view] = await Promise.all([api("/api/analyze", payload({ variant: state.variant })),
        api("/api/validate", payload({ variant: state.variant }))]);
    } catch (failure) {
      if (!fresh()) return;
      busy("analysis-busy", false);
      showError($("analysis-error"), failure);
      return;
    }
    if (!fresh()) return;
    busy("analysis-busy", false);
    state.analysis = analysis;
    state.view = view.scenario;
    renderAnalysis();
    renderRedLines();
    if (chooseProposal) {
      const nash = analysis.solutions.nash || (analysis.unlock[0] && analysis.unlock[0].nash);
      if (nash) setProposal(nash.outcome, false);
    }
    await evaluateProposal();
  }

  function renderAnalysis() {
    const a = state.analysis;
    const headline = $("zopa-headline");
    if (a.acceptable > 0) {
      headline.textContent = "A deal is possible.";
      headline.className = "headline ok";
    } else {
      headline.textContent = "No zone of possible agreement.";
      headline.className = "headline no";
    }
    const decision = (state.view || state.summary).decision;
    const ruled = decision && decision.rule !== "unanimity";
    $("zopa-count").textContent = `${a.acceptable} of ${a.outcomes.toLocaleString("en")} packages are acceptable to `
      + (ruled ? `a winning set under the decision rule, ${decision.text}` : "every party")
      + ` (${a.parties.join(", ")})` + (a.variant ? `, with ${a.variant} applied.` : ".");

    const blockers = $("blockers");
    blockers.textContent = "";
    for (const b of a.blockers) {
      blockers.append(el("li", { "data-testid": "blocker", "data-issue": b.issue || "", "data-kind": b.kind },
        blockerSentence(b)));
    }
    $("blockers-box").hidden = !a.blockers.length;

    const unlocks = $("unlocks");
    unlocks.textContent = "";
    for (const u of a.unlock.slice(0, 8)) {
      const nash = u.nash;
      unlocks.append(el("li", { "data-testid": "unlock", "data-kind": u.kind || "" },
        el("strong", {}, u.description), `: opens ${u.acceptable} package${u.acceptable === 1 ? "" : "s"}`,
        u.package ? el("div", { class: "small" }, `the deal meets the condition ${conditionText(u.package)}`) : null,
        nash ? el("div", { class: "small" }, "Nash deal: ", el("span", { class: "deal" }, outcomeText(nash.outcome)),
          ` (${partyUtilities(nash.utilities, a.parties)}) `,
          el("button", { class: "link", type: "button", onclick: () => setProposal(nash.outcome, true) }, "compose it")) : null));
    }
    if (a.unlock.length > 8) unlocks.append(el("li", { class: "muted" }, `… and ${a.unlock.length - 8} more`));
    $("unlocks-box").hidden = !a.unlock.length;

    const nash = a.solutions.nash;
    $("nash-deal").textContent = "";
    if (nash) {
      $("nash-deal").append(el("span", { class: "deal" }, outcomeText(nash.outcome)), el("br"),
        partyUtilities(nash.utilities, a.parties));
    } else {
      $("nash-deal").textContent = "none: there is no package every party accepts.";
    }

    const table = $("solutions");
    const body = table.querySelector("tbody");
    body.textContent = "";
    const names = { nash: "Nash", kalai_smorodinsky: "Kalai–Smorodinsky", egalitarian: "egalitarian", utilitarian: "utilitarian" };
    const coalitions = Object.values(a.solutions).some((d) => d && d.coalition);
    $("solutions-coalition").hidden = !coalitions;
    for (const [key, label] of Object.entries(names)) {
      const deal = a.solutions[key];
      if (!deal) continue;
      body.append(el("tr", { "data-testid": `solution-${key}` }, el("td", {}, label),
        el("td", { class: "deal" }, outcomeText(deal.outcome)),
        el("td", {}, partyUtilities(deal.utilities, a.parties)),
        coalitions ? el("td", { "data-testid": "coalition" }, deal.coalition ? deal.coalition.join(", ") : "–") : null));
    }
    table.hidden = !body.children.length;
    renderPower(a.power_indices);
    drawUtilityChart();
  }

  /** The minimal conflicting sets of a red-line blocker in words, as the terminal says them (conflict_text). */
  function conflictSentence(sets, parties, where, complete) {
    const and = (names) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);
    const shown = sets.slice(0, 3);
    const notes = [];
    const more = sets.length - shown.length;
    if (more > 0) notes.push(`${more} more such set${more > 1 ? "s" : ""}`);
    else if (!complete) notes.push("larger conflicting sets may exist");
    const named = new Set(shown.flat());
    const others = parties.filter((p) => !named.has(p)).length;
    if (others) notes.push(`${others} more part${others > 1 ? "ies have" : "y has"} red lines there`);
    const text = `the red lines of ${shown.map(and).join(", or of ")} leave no common option on ${where}`;
    return notes.length ? `${text} (${notes.join("; ")})` : text;
  }

  /** A blocker in words, as the terminal says it (Blocker.describe). */
  function blockerSentence(b) {
    const suffix = b.coalition ? ` (for the winning set ${b.coalition.join(", ")})` : "";
    if (b.kind === "red-line") {
      const where = b.issues ? b.issues.join(" x ") : b.issue;
      const sets = b.minimal_conflicts || [];
      if (!sets.length || (sets.length === 1 && sets[0].join(",") === b.parties.join(","))) {
        return `red lines of ${b.parties.join(", ")} leave no common option on ${where}${suffix}`;
      }
      return conflictSentence(sets, b.parties, where, b.minimal_conflicts_complete) + suffix;
    }
    if (b.kind === "ratification") {
      if (b.rejects) {
        const what = b.rejects.map((o) => (b.issues ? String(o) : `${b.issue}=${o}`)).join(", ");
        return `${b.parties[0]} cannot ratify: ${b.constituency} rejects ${what}${suffix}`;
      }
      return `${b.parties[0]} cannot ratify: ${b.constituency} is short of its reservation by ` +
        `${fmt((b.shortfall || {})[b.constituency])}${suffix}`;
    }
    return "no package meets every reservation (" + Object.entries(b.shortfall || {})
      .map(([p, s]) => `${p} short by ${fmt(s)}`).join(", ") + ")" + suffix;
  }

  /** A meet-condition unlock's package (issue -> options, or {min, max}) in words. */
  function conditionText(pack) {
    return Object.entries(pack).map(([issue, c]) => {
      if (Array.isArray(c)) return `${issue} in {${c.join(", ")}}`;
      if (c && typeof c === "object") {
        return issue + " " + [c.min !== undefined && c.min !== null ? `>= ${c.min}` : "",
          c.max !== undefined && c.max !== null ? `<= ${c.max}` : ""].filter(Boolean).join(" and ");
      }
      return `${issue} in {${c}}`;
    }).join(" and ");
  }

  /** Shapley–Shubik and Banzhaf per party (with their intervals when estimated); hidden without a decision. */
  function renderPower(power) {
    $("power-box").hidden = !power;
    const body = $("power-table").querySelector("tbody");
    body.textContent = "";
    if (!power) return;
    const intervals = power.intervals || {};
    const cell = (index, party) => {
      const bounds = (intervals[index] || {})[party];
      return fmt(power[index][party]) + (bounds ? ` (${fmt(bounds[0])}–${fmt(bounds[1])})` : "");
    };
    for (const party of Object.keys(power.shapley_shubik)) {
      body.append(el("tr", { "data-testid": `power-${party}` }, el("td", {}, party),
        el("td", { class: "num", "data-testid": "shapley-shubik" }, cell("shapley_shubik", party)),
        el("td", { class: "num", "data-testid": "banzhaf" }, cell("banzhaf", party))));
    }
    const decision = (state.view || state.summary).decision;
    $("power-note").textContent = (decision ? `Decision rule: ${decision.text}. ` : "") +
      "What the rule alone gives each party, whatever it wants" +
      (power.intervals ? ` (estimated from ${Number(power.samples).toLocaleString("en")} samples; ` +
        `intervals at ${(100 * power.level).toFixed(0)}%).` : " (exact).");
  }

  // ---------------------------------------------------------------- red lines: conditions and credibility

  function renderRedLines() {
    const view = state.view || state.summary;
    const decision = view.decision;
    $("decision-text").textContent = decision
      ? `Decision rule: ${decision.text}.` + (decision.description ? ` ${decision.description}` : "")
      : "Decision rule: unanimity (every party must accept).";
    const ratifiers = Object.entries(view.constituencies || {});
    $("ratification-text").hidden = !ratifiers.length;
    $("ratification-text").textContent = ratifiers.length
      ? "Ratification: " + ratifiers.map(([party, list]) => `${party}'s yes needs ${list.join(", ")}`).join("; ") + "."
      : "";
    const body = $("red-lines").querySelector("tbody");
    body.textContent = "";
    for (const r of view.red_lines || []) {
      const certain = r.holds >= 1 && !r.holds_uncertain;
      const credibility = certain ? "certain" : `holds with p ${Number(r.holds).toPrecision(3).replace(/\.?0+$/, "")}`
        + (r.holds_uncertain ? " (uncertain)" : "");
      const evidence = r.evidence.filter((e) => e.quote || e.assumption).map((e) => (e.quote
        ? el("div", { class: "quote" }, `“${e.quote}” (${e.source})`)
        : el("div", {}, el("span", { class: "assumption" }, "assumption"), ` ${e.assumption}`)));
      body.append(el("tr", { "data-testid": `red-line-${r.actor}-${r.issue}` },
        el("td", {}, r.actor + (r.of ? ` (ratifies for ${r.of})` : "")), el("td", {}, r.issue),
        el("td", {}, r.red_line), el("td", { "data-testid": "unless" }, r.unless || "–"),
        el("td", { "data-testid": "holds" }, credibility), el("td", { class: "small" }, evidence.length ? evidence : "–")));
    }
    if (!body.children.length) body.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No red lines.")));
  }

  // ---------------------------------------------------------------- comparison

  async function loadComparison() {
    const fresh = latest("compare");
    busy("compare-busy", true);
    showError($("compare-error"), null);
    try {
      const comparison = await api("/api/compare", payload());
      if (!fresh()) return;
      state.comparison = comparison;
      renderComparison();
    } catch (failure) {
      if (fresh()) showError($("compare-error"), failure);
    } finally {
      if (fresh()) busy("compare-busy", false);
    }
  }

  function renderComparison() {
    const body = $("compare-table").querySelector("tbody");
    body.textContent = "";
    const parties = state.summary.parties;
    for (const row of state.comparison.rows) {
      const blocked = row.blockers.map((b) => (b.kind === "red-line" ? `red lines: ${b.issues ? b.issues.join("+") : b.issue}`
        : b.kind === "ratification" ? `ratification: ${b.constituency} (${b.parties[0]})` : "reservations")).join("; ");
      const tr = el("tr", { "data-testid": `compare-row-${row.variant || "base"}`, "data-variant": row.variant || "" },
        el("td", {}, row.variant || "(base)"),
        el("td", { class: "num", "data-testid": "compare-zopa" }, `${row.acceptable}/${row.outcomes}`),
        el("td", {}, blocked || "–"),
        el("td", {}, row.nash ? [el("span", { class: "deal" }, outcomeText(row.nash.outcome)), el("br"),
          el("span", { class: "small" }, partyUtilities(row.nash.utilities, parties)),
          ...(row.nash.coalition ? [el("br"), el("span", { class: "small", "data-testid": "compare-coalition" },
            `winning set: ${row.nash.coalition.join(", ")}`)] : [])] : "–"));
      tr.addEventListener("click", () => selectVariant(row.variant));
      body.append(tr);
    }
    highlightComparison();
  }

  function highlightComparison() {
    for (const tr of $("compare-table").querySelectorAll("tbody tr")) {
      tr.classList.toggle("current", tr.dataset.variant === (state.variant || ""));
    }
  }

  // ---------------------------------------------------------------- proposals

  function renderProposalControls() {
    const box = $("proposal-issues");
    box.textContent = "";
    for (const issue of state.summary.issues) {
      let control;
      if (issue.kind === "categorical") {
        control = el("select", { "data-testid": `proposal-${issue.id}`, id: `proposal-${issue.id}` },
          issue.options.map((o) => el("option", { value: String(o) }, String(o))));
        state.proposal[issue.id] = issue.options[0];
      } else {
        control = el("input", { type: "number", "data-testid": `proposal-${issue.id}`, id: `proposal-${issue.id}`,
          min: issue.range[0], max: issue.range[1], step: issue.step, value: issue.range[0] });
        state.proposal[issue.id] = issue.range[0];
      }
      control.addEventListener("change", () => {
        state.proposal[issue.id] = issue.kind === "numeric" ? Number(control.value) : control.value;
        evaluateProposal();
      });
      box.append(el("label", { for: `proposal-${issue.id}` },
        issue.name + (issue.unit ? ` (${issue.unit})` : ""), control));
    }
  }

  function setProposal(outcome, evaluateNow) {
    for (const issue of state.summary.issues) {
      if (!(issue.id in outcome)) continue;
      state.proposal[issue.id] = outcome[issue.id];
      const control = $(`proposal-${issue.id}`);
      if (control) control.value = String(outcome[issue.id]);
    }
    if (evaluateNow) evaluateProposal();
  }

  async function evaluateProposal() {
    const fresh = latest("evaluate");
    busy("proposal-busy", true);
    showError($("proposal-error"), null);
    try {
      const evaluation = await api("/api/evaluate", payload({ variant: state.variant, proposal: state.proposal, top: 5 }));
      if (!fresh()) return;
      state.evaluation = evaluation;
      renderEvaluation();
    } catch (failure) {
      if (!fresh()) return;
      state.evaluation = null;
      showError($("proposal-error"), failure);
      $("proposal-status").textContent = "";
      $("verdicts").querySelector("tbody").textContent = "";
      $("improvements-box").hidden = true;
      drawUtilityChart();
    } finally {
      if (fresh()) busy("proposal-busy", false);
    }
  }

  function renderEvaluation() {
    const e = state.evaluation;
    const status = $("proposal-status");
    const rejecting = e.verdicts.filter((v) => !v.accepts).map((v) => v.party);
    status.textContent = e.accepted ? "Every party accepts this package." : `Rejected by ${rejecting.join(", ")}.`;
    status.className = "headline " + (e.accepted ? "ok" : "no");
    status.dataset.accepted = String(e.accepted);

    const body = $("verdicts").querySelector("tbody");
    body.textContent = "";
    const verdicts = Object.fromEntries(e.verdicts.map((v) => [v.party, v]));
    const roles = Object.fromEntries(state.summary.actors.map((a) => [a.id, a.role]));
    for (const [actor, utility] of Object.entries(e.utilities)) {
      const v = verdicts[actor];
      const bar = el("span", { class: "bar" }, el("span", { class: "fill" }));
      bar.firstChild.style.width = `${Math.max(0, Math.min(1, utility)) * 100}%`;
      if (v) {
        const mark = el("span", { class: "mark", title: "reservation" });
        mark.style.left = `calc(${Math.max(0, Math.min(1, v.reservation)) * 100}% - 1px)`;
        bar.append(mark);
      }
      const verdict = v
        ? el("td", {}, el("span", { class: v.accepts ? "verdict-accepts" : "verdict-rejects", "data-testid": "verdict-text" },
            v.accepts ? "accepts" : "rejects"),
            v.reasons.length ? el("div", { class: "reasons" }, v.reasons.join("; ")) : null)
        : el("td", { class: "muted" }, `${roles[actor] || "actor"} (no veto)`);
      body.append(el("tr", { "data-testid": `verdict-${actor}`, "data-accepts": v ? String(v.accepts) : "" },
        el("td", {}, actor), el("td", { class: "num" }, fmt(utility)), el("td", {}, bar),
        el("td", { class: "num" }, v ? fmt(v.reservation) : ""), verdict));
    }

    const list = $("improvements");
    list.textContent = "";
    for (const deal of e.improvements) {
      list.append(el("li", {}, el("span", { class: "deal" }, outcomeText(deal.outcome)), " – ",
        partyUtilities(deal.utilities, state.summary.parties), " ",
        el("button", { class: "link", type: "button", onclick: () => setProposal(deal.outcome, true) }, "use")));
    }
    $("improvements-box").hidden = !e.improvements.length;
    drawUtilityChart();
  }

  // ---------------------------------------------------------------- the utility-space chart (a chosen pair of parties)

  /** The pair the analysis names as the most in conflict (analyze's `conflicting_pair`, one definition for the
   * briefing, the command line and this page: accord.analysis.pair), with why, in words. */
  function conflictPair(a) {
    const found = a.conflicting_pair;
    if (!found) return { pair: a.parties.slice(0, 2), why: "the first two parties" };
    const why = found.reason === "red-lines" ? `the pair whose red lines conflict on ${found.issue}`
      : found.reason === "least-correlated"
        ? `the pair whose utilities are the least correlated (r = ${found.correlation.toFixed(2)})`
        : "the two parties";
    return { pair: found.parties.slice(), why };
  }

  function renderPairPicker() {
    const a = state.analysis;
    const picker = $("pair-picker");
    picker.hidden = !a || a.parties.length < 3;
    if (!a || a.parties.length < 2) return;
    const valid = state.pair && state.pair.every((p) => a.parties.includes(p)) && state.pair[0] !== state.pair[1];
    if (!state.pairChosen || !valid) {
      const found = conflictPair(a);
      state.pair = found.pair;
      state.pairWhy = found.why;
      state.pairChosen = false;
    }
    for (const [k, id] of [[0, "pair-x"], [1, "pair-y"]]) {
      const select = $(id);
      select.textContent = "";
      select.append(...a.parties.map((p) => el("option", { value: p, selected: p === state.pair[k] }, p)));
    }
  }

  function choosePair(k) {
    const value = $(k === 0 ? "pair-x" : "pair-y").value;
    const pair = state.pair.slice();
    if (pair[1 - k] === value) pair[1 - k] = pair[k]; // choosing the other axis's party swaps the two
    pair[k] = value;
    state.pair = pair;
    state.pairChosen = true;
    state.pairWhy = "the pair you chose";
    drawUtilityChart();
  }

  function drawUtilityChart() {
    const box = $("utility-chart");
    box.textContent = "";
    const a = state.analysis;
    renderPairPicker();
    if (!a || a.parties.length < 2) return;
    const [px, py] = state.pair;
    const W = 400, H = 340, L = 44, R = 14, T = 14, B = 40;
    const x = (u) => L + u * (W - L - R);
    const y = (u) => H - B - u * (H - T - B);
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "plot", role: "img",
      "aria-label": `Utility of ${px} against ${py}` });
    for (let k = 0; k <= 4; k++) {
      const u = k / 4;
      plot.append(svg("line", { class: "grid", x1: x(u), x2: x(u), y1: y(0), y2: y(1) }));
      plot.append(svg("line", { class: "grid", x1: x(0), x2: x(1), y1: y(u), y2: y(u) }));
      plot.append(svg("text", { x: x(u), y: y(0) + 14, "text-anchor": "middle" }, u.toFixed(2)));
      plot.append(svg("text", { x: x(0) - 6, y: y(u) + 4, "text-anchor": "end" }, u.toFixed(2)));
    }
    plot.append(svg("line", { class: "axis", x1: x(0), x2: x(1), y1: y(0), y2: y(0) }));
    plot.append(svg("line", { class: "axis", x1: x(0), x2: x(0), y1: y(0), y2: y(1) }));
    plot.append(svg("text", { x: (x(0) + x(1)) / 2, y: H - 6, "text-anchor": "middle" }, `utility of ${px}`));
    const label = svg("text", { x: 12, y: (y(0) + y(1)) / 2, "text-anchor": "middle",
      transform: `rotate(-90 12 ${(y(0) + y(1)) / 2})` }, `utility of ${py}`);
    plot.append(label);

    const e = state.evaluation;
    if (e) {
      const res = Object.fromEntries(e.verdicts.map((v) => [v.party, v.reservation]));
      if (res[px] !== undefined) plot.append(svg("line", { class: "reservation", x1: x(res[px]), x2: x(res[px]), y1: y(0), y2: y(1) }));
      if (res[py] !== undefined) plot.append(svg("line", { class: "reservation", x1: x(0), x2: x(1), y1: y(res[py]), y2: y(res[py]) }));
    }
    const point = (deal, cls, r, title) => {
      const c = svg("circle", { class: cls, cx: x(deal.utilities[px]), cy: y(deal.utilities[py]), r });
      c.append(svg("title", {}, title));
      plot.append(c);
    };
    for (const u of a.unlock) if (u.nash) point(u.nash, "unlock", 5, `if ${u.description}: ${outcomeText(u.nash.outcome)}`);
    for (const d of a.pareto) point(d, "pareto", 4, `Pareto: ${outcomeText(d.outcome)}`);
    const nash = a.solutions.nash;
    if (nash) {
      const cx = x(nash.utilities[px]), cy = y(nash.utilities[py]);
      const diamond = svg("path", { class: "nash", d: `M${cx} ${cy - 8} L${cx + 8} ${cy} L${cx} ${cy + 8} L${cx - 8} ${cy} Z` });
      diamond.append(svg("title", {}, `Nash deal: ${outcomeText(nash.outcome)}`));
      plot.append(diamond);
    }
    if (e && e.utilities[px] !== undefined && e.utilities[py] !== undefined) {
      point({ utilities: e.utilities }, "proposal", 6, `your proposal: ${outcomeText(e.proposal)}`);
    }
    box.append(plot);

    const legend = $("utility-legend");
    legend.textContent = "";
    const swatch = (color, text) => [el("span", { class: "legend-swatch", "data-color": color }), text];
    legend.append(...swatch("blue", "Pareto frontier of the ZOPA"), ...swatch("orange", "Nash deal"),
      ...swatch("grey", "Nash deal if an unlock is made"), ...swatch("red", "your proposal"),
      el("br"), "Dashed lines: reservations. ", el("span", { "data-testid": "pair-why" },
        `${px} against ${py}: ${state.pairWhy}` + (a.parties.length > 2 ? ` (${a.parties.length} parties; choose another pair above).` : ".")));
    const colors = { blue: "#1f5fbf", orange: "#f0a500", grey: "#98a2b3", red: "#b3261e" };
    for (const s of legend.querySelectorAll(".legend-swatch")) s.style.background = colors[s.dataset.color];
  }

  // ---------------------------------------------------------------- simulation

  function renderStrategies() {
    const box = $("sim-strategies");
    box.textContent = "";
    const names = state.meta ? state.meta.strategies : ["boulware"];
    for (const party of state.summary.parties) {
      const select = el("select", { id: `strategy-${party}`, "data-testid": `strategy-${party}` },
        names.map((n) => el("option", { value: n, selected: n === "boulware" }, n)));
      box.append(el("label", { for: `strategy-${party}` }, `Strategy of ${party}`), select);
    }
  }

  async function runSimulation() {
    const button = $("run-simulation");
    const status = $("simulation-status");
    const strategies = {};
    for (const party of state.summary.parties) strategies[party] = $(`strategy-${party}`).value;
    const request = payload({
      variant: state.variant, protocol: $("sim-protocol").value, strategies,
      rounds: Number($("sim-rounds").value) || 100, seed: Number($("sim-seed").value) || 0,
      events: $("sim-events").checked, full_information: $("sim-full-info").checked,
    });
    button.disabled = true;
    status.textContent = "";
    status.append(el("span", { class: "spinner" }), " running…");
    status.dataset.state = "running";
    showError($("simulation-error"), null);
    try {
      const result = await api("/api/simulate", request);
      renderSimulation(result);
      status.textContent = "done";
      status.dataset.state = "done";
    } catch (failure) {
      showError($("simulation-error"), failure);
      status.textContent = "";
      status.dataset.state = "failed";
    } finally {
      button.disabled = false;
    }
  }

  function renderSimulation(r) {
    $("simulation-result").hidden = false;
    const headline = $("simulation-headline");
    if (r.status === "agreement") {
      headline.textContent = `Agreement in round ${r.round}: ${outcomeText(r.agreement.outcome)}`;
      headline.className = "headline ok";
    } else if (r.status === "walkout") {
      headline.textContent = `${r.walkout_by} walks out in round ${r.round}` + (r.reason ? ` (${r.reason})` : "");
      headline.className = "headline no";
    } else {
      headline.textContent = `No agreement by the deadline (${r.rounds} rounds).`;
      headline.className = "headline no";
    }
    headline.dataset.status = r.status;
    const metrics = r.metrics || {};
    const parts = [`${metrics.rounds_used} rounds used`];
    if (r.agreement) parts.push(partyUtilities(r.agreement.utilities, state.summary.parties));
    if (metrics.social_welfare !== undefined) parts.push(`social welfare ${fmt(metrics.social_welfare)}`);
    if (metrics.distance_to_nash !== undefined && metrics.distance_to_nash !== null) parts.push(`distance to Nash ${fmt(metrics.distance_to_nash)}`);
    $("simulation-metrics").textContent = `${r.protocol}; ` + Object.entries(r.strategies).map(([p, s]) => `${p}: ${s}`).join(", ")
      + `; seed ${r.seed}. ` + parts.join("; ") + ".";
    const notes = $("simulation-notes");
    notes.textContent = "";
    for (const row of r.trace.filter((t) => t.note).slice(0, 20)) notes.append(el("li", {}, `round ${row.round}: ${row.note}`));
    drawSimulationChart(r);
  }

  function drawSimulationChart(r) {
    const box = $("simulation-chart");
    box.textContent = "";
    const parties = state.summary.parties;
    const offers = r.trace.filter((t) => t.offer);
    if (!offers.length) { $("simulation-legend").textContent = "No offers were made."; return; }
    const W = 560, H = 240, L = 40, R = 10, T = 10, B = 34;
    const last = Math.max(1, r.round, offers[offers.length - 1].round);
    const x = (t) => L + (t / last) * (W - L - R);
    const y = (u) => H - B - u * (H - T - B);
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "plot wide", role: "img", "aria-label": "Utility of each offer over the rounds" });
    for (let k = 0; k <= 4; k++) {
      const u = k / 4;
      plot.append(svg("line", { class: "grid", x1: x(0), x2: x(last), y1: y(u), y2: y(u) }));
      plot.append(svg("text", { x: L - 6, y: y(u) + 4, "text-anchor": "end" }, u.toFixed(2)));
    }
    plot.append(svg("line", { class: "axis", x1: x(0), x2: x(last), y1: y(0), y2: y(0) }));
    plot.append(svg("text", { x: x(0), y: H - 16, "text-anchor": "start" }, "round 0"));
    plot.append(svg("text", { x: x(last), y: H - 16, "text-anchor": "end" }, `round ${last}`));
    for (const row of r.trace.filter((t) => t.note)) {
      const line = svg("line", { class: "event", x1: x(row.round), x2: x(row.round), y1: y(0), y2: y(1) });
      line.append(svg("title", {}, `round ${row.round}: ${row.note}`));
      plot.append(line);
    }
    const palette = ["#1f5fbf", "#b3261e", "#1b7e26", "#8e44ad", "#d35400", "#16a085"];
    const color = (party) => palette[parties.indexOf(party) % palette.length];
    const proposers = [...new Set(offers.map((row) => row.proposer))];
    const lines = [];
    for (const proposer of proposers) { // each proposer's offers, as each party values them
      const own = offers.filter((row) => row.proposer === proposer);
      const step = Math.max(1, Math.floor(own.length / 1500)); // keep the path light on long runs
      for (const party of parties) {
        const points = [];
        for (let i = 0; i < own.length; i += step) {
          const u = own[i].utilities[party];
          if (u !== undefined) points.push(`${x(own[i].round).toFixed(1)},${y(u).toFixed(1)}`);
        }
        if (!points.length) continue;
        const line = svg("polyline", { points: points.join(" "), fill: "none", stroke: color(party), "stroke-width": 1.8,
          "data-proposer": proposer, "data-party": party });
        if (proposer !== party) line.setAttribute("stroke-dasharray", "5 3");
        line.append(svg("title", {}, `${proposer}'s offers, utility of ${party}`));
        plot.append(line);
        lines.push([proposer, party]);
      }
    }
    box.append(plot);
    const legend = $("simulation-legend");
    legend.textContent = "Each proposer's offers as each party values them (solid: a party's own offers; dashed: what others offer it): ";
    parties.forEach((party) => {
      const s = el("span", { class: "legend-swatch" });
      s.style.background = color(party);
      legend.append(s, party);
    });
    legend.append(". Grey dashed lines: scripted events.");
  }

  // ---------------------------------------------------------------- forecast

  async function runForecast() {
    const button = $("run-forecast");
    const status = $("forecast-status");
    button.disabled = true;
    status.textContent = "";
    status.append(el("span", { class: "spinner" }), " running…");
    status.dataset.state = "running";
    showError($("forecast-error"), null);
    try {
      renderForecast(await api("/api/forecast", payload({ variant: state.variant })));
      status.textContent = "done";
      status.dataset.state = "done";
    } catch (failure) {
      showError($("forecast-error"), failure);
      status.textContent = "";
      status.dataset.state = "failed";
    } finally {
      button.disabled = false;
    }
  }

  function renderForecast(r) {
    const box = $("forecast-result");
    box.hidden = false;
    box.textContent = "";
    if (r.issues) renderIssueForecast(box, r);
    if (r.smp) renderSmp(box, r.smp);
  }

  function renderIssueForecast(box, r) {
    const issues = Object.fromEntries(state.summary.issues.map((i) => [i.id, i]));
    const models = [...new Set(Object.values(r.issues).flatMap((m) => Object.keys(m)))];
    const head = el("tr", {}, el("th", {}, "issue"), models.map((m) => el("th", {}, m)));
    const body = el("tbody");
    for (const [issueId, found] of Object.entries(r.issues)) {
      const issue = issues[issueId] || { name: issueId, kind: "categorical" };
      body.append(el("tr", { "data-testid": `forecast-${issueId}` }, el("td", {}, issue.name),
        models.map((m) => {
          const position = typeof found[m] === "object" ? found[m].position : found[m];
          const option = r.options && r.options[issueId] ? r.options[issueId][m] : undefined;
          const text = issue.kind === "categorical" ? String(option)
            : Number(position).toPrecision(4) + (issue.unit ? ` ${issue.unit}` : "");
          return el("td", { title: `position ${Number(position).toFixed(2)} on the issue's scale` }, text);
        })));
    }
    box.append(el("table", { class: "grid" }, el("thead", {}, head), body));
  }

  // SMP (KTAB's Spatial Model of Politics): positions on every issue, state by state. The same figure as the
  // briefing's (accord.report.forecast_figures.smp_positions_figure): one panel per issue, a line per actor,
  // the SMP_NAMED actors most likely to carry the outcome in colour, the others in grey, and a dashed black
  // line along the most probable position.
  const SMP_NAMED = 8;
  const SMP_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

  /** Actors most likely to carry the outcome first: P in the last state, then mean P, then input order. */
  function smpRanking(smp) {
    const actors = Object.keys(smp.prob);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
    const last = (xs) => xs[xs.length - 1];
    return actors.slice().sort((a, b) => (last(smp.prob[b]) - last(smp.prob[a]))
      || (mean(smp.prob[b]) - mean(smp.prob[a])) || (actors.indexOf(a) - actors.indexOf(b)));
  }

  function renderSmp(box, smp) {
    const issues = Object.fromEntries(state.summary.issues.map((i) => [i.id, i]));
    const names = Object.fromEntries(state.summary.actors.map((a) => [a.id, a.name]));
    const actors = Object.keys(smp.positions);
    if (!actors.length) return;
    const dims = Object.keys(smp.positions[actors[0]]);
    const states = smp.states;
    const ranking = smpRanking(smp);
    const colour = Object.fromEntries(ranking.slice(0, SMP_NAMED).map((a, k) => [a, SMP_PALETTE[k]]));
    const others = actors.filter((a) => !(a in colour));
    const likely = [];
    for (let t = 0; t < states; t++) { // the actor whose position is most likely to win (ties: the first)
      likely.push(actors.reduce((best, a) => (smp.prob[a][t] > smp.prob[best][t] ? a : best), actors[0]));
    }
    const section = el("div", { class: "smp", "data-testid": "smp-result" });
    section.append(el("h3", {}, "Positions turn by turn (SMP)"),
      el("p", { class: "muted small" }, `KTAB's Spatial Model of Politics: the actors bargain over every issue at once, `
        + `turn by turn, until the positions settle (${states} states; state 0: the stated positions).`));
    let step = 1;
    for (const s of [1, 2, 5, 10, 20, 50, 100]) { step = s; if (states <= 15 * s) break; }
    const W = 560, H = 190, L = 112, R = 10, T = 10, B = 38;
    const lastState = Math.max(states - 1, 1);
    const x = (t) => L + (t / lastState) * (W - L - R);
    const charts = el("div", { class: "smp-charts", "data-testid": "smp-chart" });
    for (const dim of dims) {
      const issue = issues[dim];
      let low = 0, high = 100, ticks = [0, 25, 50, 75, 100].map((v) => [v, String(v)]);
      let title = `${dim} (KTAB 0-100 scale)`;
      if (issue) {
        title = issue.name + (issue.unit ? ` (${issue.unit})` : "");
        if (issue.kind === "categorical" && issue.scale) {
          low = Math.min(...issue.scale); high = Math.max(...issue.scale);
          ticks = issue.scale.map((v, k) => [v, String(issue.options[k])]);
        } else if (issue.range) {
          [low, high] = issue.range;
          ticks = [0, 1, 2, 3, 4].map((k) => low + (k / 4) * (high - low)).map((v) => [v, Number(v.toPrecision(4)).toString()]);
        }
      }
      const pad = 0.06 * ((high - low) || 1);
      const y = (v) => H - B - ((v - (low - pad)) / ((high + pad) - (low - pad))) * (H - T - B);
      const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "plot wide", role: "img", "data-dimension": dim,
        "aria-label": `Positions on ${title}, state by state` });
      for (const [v, label] of ticks) {
        plot.append(svg("line", { class: "grid", x1: x(0), x2: x(lastState), y1: y(v), y2: y(v) }));
        const tick = svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, label.length > 14 ? label.slice(0, 13) + "…" : label);
        tick.append(svg("title", {}, label));
        plot.append(tick);
      }
      plot.append(svg("line", { class: "axis", x1: x(0), x2: x(lastState), y1: H - B, y2: H - B }));
      for (let t = 0; t < states; t += step) {
        plot.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle" }, String(t)));
      }
      plot.append(svg("text", { x: (x(0) + x(lastState)) / 2, y: H - 4, "text-anchor": "middle" },
        "state (0: the stated positions, then one per turn)"));
      const mid = (T + H - B) / 2;
      plot.append(svg("text", { x: 10, y: mid, "text-anchor": "middle", transform: `rotate(-90 10 ${mid})` }, title));
      const path = (values) => values.map((v, t) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      const line = (cls, actor, values, stroke, hover) => {
        const node = svg("polyline", { class: cls, points: path(values), fill: "none", stroke });
        if (actor !== null) node.setAttribute("data-actor", actor);
        node.append(svg("title", {}, hover));
        plot.append(node);
      };
      for (const a of others) line("smp-other", a, smp.positions[a][dim], "#c7c7c7", names[a] || a);
      for (const a of ranking.filter((r) => r in colour).reverse()) {
        line("smp-named", a, smp.positions[a][dim], colour[a], names[a] || a);
      }
      line("smp-likely", null, likely.map((a, t) => smp.positions[a][dim][t]), "#000000",
        "most probable position: " + likely.map((a, t) => `${t}: ${names[a] || a}`).join(", "));
      charts.append(plot);
    }
    const legend = el("p", { class: "muted small", "data-testid": "smp-legend" });
    const dash = el("span", { class: "legend-swatch smp-likely" });
    legend.append(dash, "most probable position");
    for (const a of ranking.filter((r) => r in colour)) {
      const sw = el("span", { class: "legend-swatch" });
      sw.style.background = colour[a];
      legend.append(sw, names[a] || a);
    }
    if (others.length) {
      const sw = el("span", { class: "legend-swatch" });
      sw.style.background = "#c7c7c7";
      legend.append(sw, `${others.length} other actor${others.length > 1 ? "s" : ""} (grey)`);
    }
    section.append(charts, legend);
    const at = [...new Set([0, Math.floor(states / 2), states - 1])].sort((a, b) => a - b);
    const where = (a, d) => { // first, middle and last positions; for a categorical issue the option nearest the last
      const values = smp.positions[a][d];
      const text = at.map((t) => Number(Number(values[t]).toPrecision(3)).toString()).join(" → ");
      const issue = issues[d];
      if (!issue || issue.kind !== "categorical" || !issue.scale) return text;
      const end = values[values.length - 1];
      let k = 0;
      issue.scale.forEach((v, j) => { if (Math.abs(v - end) < Math.abs(issue.scale[k] - end)) k = j; });
      return `${text} (nearest: ${issue.options[k]})`;
    };
    const head = el("tr", {}, el("th", {}, "actor"),
      dims.map((d) => el("th", {}, issues[d] ? issues[d].name : d)), el("th", {}, "P, last state"));
    const body = el("tbody");
    for (const a of ranking) {
      body.append(el("tr", { "data-testid": `smp-${a}` }, el("td", {}, names[a] || a),
        dims.map((d) => el("td", { class: "num" }, where(a, d))),
        el("td", { class: "num" }, Number(smp.prob[a][states - 1]).toFixed(3))));
    }
    section.append(el("p", { class: "muted small" }, `Positions at states ${at.join(", ")} (categorical issues: on the `
      + "options' scale, with the option nearest the last); P: the probability that the actor's position wins in the "
      + "last state (actors at one position share it)."),
      el("table", { class: "grid", "data-testid": "smp-table" }, el("thead", {}, head), body));
    box.append(section);
  }

  // ---------------------------------------------------------------- Monte Carlo

  async function runMonteCarlo() {
    const button = $("run-montecarlo");
    const status = $("montecarlo-status");
    button.disabled = true;
    status.textContent = "";
    status.append(el("span", { class: "spinner" }), " running…");
    status.dataset.state = "running";
    showError($("montecarlo-error"), null);
    try {
      const result = await api("/api/montecarlo", payload({
        variant: state.variant, runs: Number($("mc-runs").value) || 1000, seed: Number($("mc-seed").value) || 0,
      }));
      renderMonteCarlo(result);
      status.textContent = "done";
      status.dataset.state = "done";
    } catch (failure) {
      showError($("montecarlo-error"), failure);
      status.textContent = "";
      status.dataset.state = "failed";
    } finally {
      button.disabled = false;
    }
  }

  function renderMonteCarlo(r) {
    const box = $("montecarlo-result");
    box.hidden = false;
    box.textContent = "";
    const ci = r.p_zopa_ci || [null, null];
    box.append(el("p", {}, "P(a zone of agreement exists) = ",
      el("span", { class: "stat", "data-testid": "montecarlo-p" }, pct(r.p_zopa)),
      ` (95% interval ${pct(ci[0])} to ${pct(ci[1])}; ${Number(r.runs).toLocaleString("en")} draws, ${state.summary.uncertain} uncertain numbers` +
      (r.variant ? `, ${r.variant})` : ")")));
    if (r.nash_deals && r.nash_deals.length) {
      const table = el("table", { class: "grid" }, el("thead", {}, el("tr", {}, el("th", {}, "Nash deal"), el("th", {}, "share of draws"))));
      const body = el("tbody");
      for (const d of r.nash_deals.slice(0, 5)) body.append(el("tr", {}, el("td", { class: "deal" }, outcomeText(d.outcome)), el("td", { class: "num" }, pct(d.share))));
      table.append(body);
      box.append(table);
    }
    if (r.credibility) {
      box.append(el("p", { "data-testid": "montecarlo-credibility" }, "The red line whose credibility (holds) matters most: ",
        el("code", {}, r.credibility.parameter), ` (total Sobol index ${Number(r.credibility.index).toFixed(2)}).`));
    }
    if (r.interrupted) box.append(el("p", { class: "muted" }, "Interrupted: these are the draws done so far."));
  }

  // ---------------------------------------------------------------- Monte Carlo of every what-if (P(ZOPA), P(deal))

  async function runMonteCarloVariants() {
    const button = $("run-mc-variants");
    const status = $("mcv-status");
    const strategies = {};
    for (const party of state.summary.parties) {
      const select = $(`strategy-${party}`);
      if (select) strategies[party] = select.value;
    }
    const simulate = $("mcv-simulate").checked;
    const request = payload({ all_variants: true, runs: Number($("mcv-runs").value) || 100,
      seed: Number($("mc-seed").value) || 0, sensitivity_runs: 0, simulate });
    if (simulate) {
      Object.assign(request, { protocol: $("sim-protocol").value, strategies,
        rounds: Number($("sim-rounds").value) || 100, events: $("sim-events").checked });
    }
    button.disabled = true;
    status.textContent = "";
    status.append(el("span", { class: "spinner" }), " running…");
    status.dataset.state = "running";
    showError($("mcv-error"), null);
    try {
      renderMonteCarloVariants(await api("/api/montecarlo", request), request);
      status.textContent = "done";
      status.dataset.state = "done";
    } catch (failure) {
      showError($("mcv-error"), failure);
      status.textContent = "";
      status.dataset.state = "failed";
    } finally {
      button.disabled = false;
    }
  }

  function renderMonteCarloVariants(r, request) {
    const box = $("mcv-result");
    box.hidden = false;
    box.textContent = "";
    const simulated = r.p_agreement !== undefined && r.p_agreement !== null;
    const interval = (ci) => (ci ? `${pct(ci[0])} to ${pct(ci[1])}` : "–");
    const signed = (x) => (x === null || x === undefined ? "–" : (x >= 0 ? "+" : "") + (100 * x).toFixed(1) + " pts");
    const head = el("tr", {}, el("th", {}, "what-if"), el("th", {}, "P(zone of agreement)"), el("th", {}, "95% interval"),
      el("th", {}, "vs base (paired)"),
      simulated ? [el("th", {}, "P(deal), simulated"), el("th", {}, "95% interval"), el("th", {}, "vs base (paired)")] : []);
    const body = el("tbody");
    const row = (name, d) => el("tr", { "data-testid": `mcv-row-${name || "base"}` },
      el("td", {}, name || "(base)"),
      el("td", { class: "num", "data-testid": "mcv-p-zopa", "data-value": d.p_zopa }, pct(d.p_zopa)),
      el("td", { class: "num" }, interval(d.p_zopa_ci)),
      el("td", { class: "num" }, name ? `${signed(d.difference)} (${interval(d.difference_ci).replaceAll("%", "")})` : "–"),
      simulated ? [
        el("td", { class: "num", "data-testid": "mcv-p-deal", "data-value": d.p_agreement }, pct(d.p_agreement)),
        el("td", { class: "num" }, interval(d.p_agreement_ci)),
        el("td", { class: "num" }, name && d.agreement_difference !== undefined
          ? `${signed(d.agreement_difference)} (${interval(d.agreement_difference_ci).replaceAll("%", "")})` : "–")] : []);
    body.append(row(null, r));
    for (const [name, d] of Object.entries(r.variants || {})) body.append(row(name, d));
    box.append(el("table", { class: "grid", "data-testid": "mcv-table" }, el("thead", {}, head), body));
    const how = simulated ? `; talks simulated with ${request.protocol}, ` +
      Object.entries(request.strategies).map(([p, s]) => `${p}: ${s}`).join(", ") + `, ${request.rounds} rounds` : "";
    box.append(el("p", { class: "muted small" }, `${Number(r.runs).toLocaleString("en")} draws, seed ${r.seed}, `
      + `the same draws for every what-if${how}. Intervals: Wilson (probabilities) and paired (differences).`
      + (r.variants ? "" : " This scenario has no what-ifs: the base alone.")));
    if (r.interrupted) box.append(el("p", { class: "muted" }, "Interrupted: these are the draws done so far."));
  }

  // ---------------------------------------------------------------- report

  function updateReport() {
    const available = state.meta && state.meta.features.report;
    $("report-unavailable").hidden = !!available;
    $("report-box").hidden = !available;
    if (!available || !state.summary) return;
    const builtin = state.source.builtin;
    $("report-link").hidden = !builtin;
    $("report-download").hidden = !!builtin;
    if (builtin) {
      const query = new URLSearchParams({ builtin });
      if (state.variant) query.set("variant", state.variant);
      $("report-link").href = `/api/report?${query}`;
    }
  }

  async function downloadReport() {
    const status = $("report-status");
    status.textContent = "writing the briefing…";
    try {
      const response = await fetch("/api/report", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload({ variant: state.variant })),
      });
      if (!response.ok) {
        const data = await response.json().catch(() => ({}));
        throw { error: data.error || (data.errors ? "the scenario is not valid" : `the server answered ${response.status}`) };
      }
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: "scenario-briefing.html" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = "";
    } catch (failure) {
      status.textContent = failure.error || String(failure);
    }
  }

  // ---------------------------------------------------------------- timeline (a store attached with accord serve --db)

  const blockerText = (b) => (b.kind === "red-line" ? `red lines: ${b.issue} (${b.parties.join(", ")})`
                                                     : `reservations: ${b.parties.join(", ")}`);
  const blockersOf = (row) => row.blockers.map(blockerText).join("; ") || "none";
  const nashOf = (row) => (row.nash ? outcomeText(row.nash.outcome) : "none");

  function timelineChanges(previous, row) {
    if (!previous) return [];
    const found = [];
    if (blockersOf(previous) !== blockersOf(row)) found.push(`blockers: ${blockersOf(previous)} → ${blockersOf(row)}`);
    if (nashOf(previous) !== nashOf(row)) found.push(`Nash deal: ${nashOf(previous)} → ${nashOf(row)}`);
    return found;
  }

  function pZopaText(row) {
    if (row.p_zopa === null || row.p_zopa === undefined) return "no Monte Carlo run stored";
    const ci = row.p_zopa_ci || [null, null];
    const text = `${pct(row.p_zopa)} (95% interval ${pct(ci[0])} to ${pct(ci[1])}; run ${row.montecarlo_run})`;
    if (row.p_deal === null || row.p_deal === undefined) return text;
    const dealCi = row.p_deal_ci || [null, null];
    return `${text}; P(deal) ${pct(row.p_deal)} (95% interval ${pct(dealCi[0])} to ${pct(dealCi[1])}; ` +
      `run ${row.simulation_montecarlo_run})`;
  }

  async function loadNegotiations() {
    const select = $("timeline-select");
    try {
      const found = await api("/api/track");
      select.textContent = "";
      select.append(...found.negotiations.map((n) => el("option", { value: n.name },
        `${n.name} (${n.versions} version${n.versions === 1 ? "" : "s"})`)));
      if (!found.negotiations.length) {
        $("timeline-status").textContent = "The store holds no negotiation yet (accord track add SCENARIO).";
        return;
      }
      await loadTimeline(found.negotiations[0].name);
    } catch (failure) {
      showError($("timeline-error"), failure);
    }
  }

  async function loadTimeline(name) {
    const fresh = latest("timeline");
    busy("timeline-busy", true);
    showError($("timeline-error"), null);
    try {
      const doc = await api(`/api/track/${encodeURIComponent(name)}/timeline`);
      if (!fresh()) return;
      renderTimeline(doc);
      $("timeline-status").textContent = `${doc.versions.length} version${doc.versions.length === 1 ? "" : "s"}`;
    } catch (failure) {
      if (!fresh()) return;
      showError($("timeline-error"), failure);
    } finally {
      if (fresh()) busy("timeline-busy", false);
    }
  }

  function renderTimeline(doc) {
    const rows = doc.versions;
    const box = $("timeline-chart");
    box.textContent = "";
    const W = 760, H = 280, L = 48, R = 56, T = 16, B = 44;
    const times = rows.map((r) => Date.parse(r.as_of));
    const first = Math.min(...times), last = Math.max(...times);
    const span = last - first;
    const inner = W - L - R, pad = rows.length > 1 ? 40 : inner / 2;
    const x = (t) => (span > 0 ? L + pad + ((t - first) / span) * (inner - 2 * pad) : L + inner / 2);
    const step = Math.max(1, Math.ceil(Math.max(...rows.map((r) => r.zopa)) / 4)); // whole packages per grid line
    const top = 4 * step;
    const yz = (z) => H - B - (z / top) * (H - T - B);
    const yp = (p) => H - B - p * (H - T - B);
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "plot wide", role: "img",
      "aria-label": `Timeline of ${doc.negotiation}: ZOPA size and P(ZOPA) per stored version` });
    for (let k = 0; k <= 4; k++) {
      plot.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: yp(k / 4), y2: yp(k / 4) }));
      plot.append(svg("text", { x: W - R + 6, y: yp(k / 4) + 4, "text-anchor": "start" }, `${k * 25}%`));
      plot.append(svg("text", { x: L - 6, y: yp(k / 4) + 4, "text-anchor": "end" }, String(k * step)));
    }
    plot.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: yp(0), y2: yp(0) }));
    const mid = (T + H - B) / 2;
    plot.append(svg("text", { x: 12, y: mid, "text-anchor": "middle", transform: `rotate(-90 12 ${mid})` }, "ZOPA size (packages)"));
    plot.append(svg("text", { x: W - 8, y: mid, "text-anchor": "middle", transform: `rotate(90 ${W - 8} ${mid})` }, "P(ZOPA)"));
    const width = Math.max(8, Math.min(60, rows.length > 1 ? (inner - 2 * pad) / (rows.length - 1) * 0.45 : 60));
    const withP = rows.map((r, k) => [r, k]).filter(([r]) => r.p_zopa !== null && r.p_zopa !== undefined);
    if (withP.length > 1) {
      plot.append(svg("polyline", { class: "p-line", fill: "none",
        points: withP.map(([r, k]) => `${x(times[k]).toFixed(1)},${yp(r.p_zopa).toFixed(1)}`).join(" ") }));
    }
    rows.forEach((row, k) => {
      const moved = timelineChanges(k ? rows[k - 1] : null, row);
      const hover = [`${row.ref} as of ${row.as_of}`, row.note ? `note: ${row.note}` : null,
        `ZOPA: ${row.zopa} of ${row.outcomes} packages`, `blocked by: ${blockersOf(row)}`, `Nash deal: ${nashOf(row)}`,
        `P(ZOPA): ${pZopaText(row)}`, moved.length ? `changed since ${rows[k - 1].ref}: ${moved.join("; ")}` : null]
        .filter(Boolean).join("\n");
      const cx = x(times[k]);
      const point = svg("g", { class: "version", "data-testid": "timeline-point", "data-version": row.version,
        "data-zopa": row.zopa, "data-p": row.p_zopa === null || row.p_zopa === undefined ? "" : row.p_zopa,
        "data-changed": moved.length ? "true" : "false" });
      point.append(svg("title", {}, hover));
      point.append(svg("rect", { class: "zopa-bar", x: cx - width / 2, width, y: yz(row.zopa), height: Math.max(1, yz(0) - yz(row.zopa)) }));
      if (row.p_zopa !== null && row.p_zopa !== undefined) {
        point.append(svg("circle", { class: "p-point", cx, cy: yp(row.p_zopa), r: 6 }));
      }
      if (moved.length) {
        const cy = yz(row.zopa) - 12;
        point.append(svg("path", { class: "change", d: `M${cx} ${cy - 7} L${cx + 7} ${cy} L${cx} ${cy + 7} L${cx - 7} ${cy} Z` }));
      }
      point.append(svg("text", { x: cx, y: H - B + 16, "text-anchor": "middle" }, row.as_of));
      point.append(svg("text", { x: cx, y: H - B + 30, "text-anchor": "middle", class: "muted-text" }, row.ref));
      plot.append(point);
    });
    box.append(plot);
    const legend = $("timeline-legend");
    legend.textContent = "";
    const swatch = (cls, text) => [el("span", { class: `legend-swatch ${cls}` }), text];
    legend.append(...swatch("zopa", "ZOPA size"), ...swatch("p", "P(ZOPA) from a stored Monte Carlo run"),
      ...swatch("change", "blockers or Nash deal changed"), ". Hover a version for its blockers, Nash deal and note.");

    const body = $("timeline-table").querySelector("tbody");
    body.textContent = "";
    rows.forEach((row, k) => {
      const moved = timelineChanges(k ? rows[k - 1] : null, row);
      body.append(el("tr", { "data-testid": `timeline-row-${row.version}` },
        el("td", {}, row.as_of), el("td", {}, row.ref), el("td", { class: "num" }, `${row.zopa}/${row.outcomes}`),
        el("td", {}, blockersOf(row)), el("td", { class: "deal" }, nashOf(row)), el("td", {}, pZopaText(row)),
        el("td", {}, row.note || "", moved.length ? el("div", { class: "reasons" }, `changed: ${moved.join("; ")}`) : null)));
    });
    $("timeline-table").hidden = false;
  }

  // ---------------------------------------------------------------- wiring

  function readFile(file) {
    const limit = state.meta ? state.meta.limits.max_body_bytes : 1 << 20;
    if (file.size > limit) {
      showProblems({ error: `${file.name} has ${file.size.toLocaleString("en")} bytes; the limit is ${limit.toLocaleString("en")}` }, true);
      return;
    }
    file.text().then((text) => {
      $("scenario-text").value = text;
      updateGutter([]);
      loadScenario({ scenario: text });
    });
  }

  async function start() {
    $("builtin-select").addEventListener("change", () => loadScenario({ builtin: $("builtin-select").value }));
    $("use-builtin").addEventListener("click", () => loadScenario({ builtin: $("builtin-select").value }));
    $("edit-copy").addEventListener("click", async () => {
      try {
        const copy = await api(`/api/builtins/${encodeURIComponent($("builtin-select").value)}`);
        $("scenario-text").value = copy.text;
        $("own-scenario").open = true;
        showProblems(null);
      } catch (failure) {
        showProblems(failure, false);
      }
    });
    $("load-text").addEventListener("click", () => loadScenario({ scenario: $("scenario-text").value }));
    $("scenario-file").addEventListener("change", (event) => {
      const file = event.target.files[0];
      event.target.value = ""; // so that choosing the same (corrected) file again is noticed
      if (file) readFile(file);
    });
    $("scenario-text").addEventListener("input", () => updateGutter([]));
    $("scenario-text").addEventListener("scroll", () => { $("scenario-gutter").scrollTop = $("scenario-text").scrollTop; });
    $("use-nash").addEventListener("click", () => {
      const nash = state.analysis && state.analysis.solutions.nash;
      if (nash) setProposal(nash.outcome, true);
      else showError($("proposal-error"), { error: "there is no Nash deal: no package is acceptable to every party" });
    });
    $("run-simulation").addEventListener("click", runSimulation);
    $("run-montecarlo").addEventListener("click", runMonteCarlo);
    $("run-mc-variants").addEventListener("click", runMonteCarloVariants);
    $("download-yaml").addEventListener("click", downloadScenario);
    $("form-actor").addEventListener("change", renderForm);
    $("form-reservation").addEventListener("change", () => {
      const input = $("form-reservation");
      const problem = fieldProblem(input.value, "unit");
      markField(input, problem);
      if (!problem) submitEdits([{ path: state.reservationPath, text: input.value }], input);
    });
    $("pair-x").addEventListener("change", () => choosePair(0));
    $("pair-y").addEventListener("change", () => choosePair(1));
    $("run-forecast").addEventListener("click", runForecast);
    $("report-download").addEventListener("click", downloadReport);
    updateGutter([]);

    try {
      const [meta, builtins] = await Promise.all([api("/api/meta"), api("/api/builtins")]);
      state.meta = meta;
      state.builtins = builtins.builtins;
    } catch (failure) {
      $("scenario-title").textContent = failure.error || "cannot reach the accord server";
      return;
    }
    $("server-version").textContent = `accord ${state.meta.version}`;
    $("sim-protocol").append(...state.meta.protocols.map((p) => el("option", { value: p }, p)));
    $("sim-rounds").max = state.meta.limits.max_rounds;
    $("mc-runs").max = state.meta.limits.max_montecarlo_runs;
    $("mcv-runs").max = state.meta.limits.max_montecarlo_runs;
    if (!state.meta.features.forecast) {
      $("forecast-unavailable").hidden = false;
      $("run-forecast").disabled = true;
    }
    if (!state.meta.features.montecarlo) {
      $("montecarlo-unavailable").hidden = false;
      $("run-montecarlo").disabled = true;
      $("run-mc-variants").disabled = true;
    }
    if (state.meta.features.track) { // a store is attached: show its timelines
      $("timeline-panel").hidden = false;
      $("timeline-select").addEventListener("change", () => loadTimeline($("timeline-select").value));
      loadNegotiations();
    }
    const select = $("builtin-select");
    for (const b of state.builtins) select.append(el("option", { value: b.name, selected: b.default }, `${b.title} (${b.name})`));
    const first = state.builtins.find((b) => b.default) || state.builtins[0];
    await loadScenario({ builtin: first ? first.name : DEFAULT_BUILTIN });
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
