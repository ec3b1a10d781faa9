// The follow-along session page. The server's engine is the authority: this page plays the engine's script (the
// timeline the engine produces with ticks, served with the session as `script`) against its own clock, and sends
// every event through the outbox (outbox.js) with its `at` in session seconds. While the connection is down it
// keeps guiding from the script: a pause shifts the timeline, a skip jumps to the next exercise's own timeline,
// a pain report is met with the engine's answer for that choice (the script's tables). When the outbox is empty
// again the page fetches the session and takes the server's script: what the server says wins.
"use strict";
(function () {
  const root = document.getElementById("session");
  if (!root) { return; }
  const sessionId = root.dataset.sessionId;
  const speed = Math.min(100, Math.max(1, parseFloat(root.dataset.speed) || 1));
  const voice = window.BackCoachVoice;
  const byId = function (id) { return document.getElementById(id); };
  const DOC_KEY = "backcoach.session." + sessionId;
  const view = new window.BackCoachSessionView(root, voice);
  const render = function () { view.render(s, now()); };
  const fillSummary = function () { view.fillSummary(s.doc); };
  const showWake = view.showWake;
  const PHASE_START = ["countdown", "hold_started", "reps_started", "rest", "switch_sides"];

  const s = {
    doc: null, script: null, mode: "loading", timeline: null, seg: 0, effectIndex: 0, shift: 0,
    origin: performance.now(), offset: 0, pausedAt: 0, wasRunning: false, checkIn: false,
    lastTickAt: -1, lastSentAt: 0, lastBeep: "", played: new Set(), cue: "", exerciseId: null,
    assumedLeg: null, formPhase: null, stale: false, needSync: false, syncing: false, stopAdvice: null, stopReason: null, log: [],
  };

  const outbox = new window.BackCoachOutbox(sessionId, {
    changed: view.showNetwork, answered: answered, drained: function () { if (s.needSync) { sync(); } },
  });

  // The page's clock, in session seconds (BACKCOACH_SESSION_SPEED runs it faster for tests).
  function now() { return Math.round((s.offset + (performance.now() - s.origin) / 1000 * speed) * 1000) / 1000; }
  function setClock(at) { s.offset = at; s.origin = performance.now(); }

  function send(event) {
    event.at = Math.max(event.at, s.lastSentAt);
    s.lastSentAt = event.at;
    const key = outbox.add(event);
    s.log.push({ key: key, type: event.type, at: event.at, answered: false, effects: 0 });
  }

  function answered(item, effects, refusal) {
    const entry = s.log.find(function (e) { return e.key === item.key; });
    if (entry) { entry.answered = true; entry.effects = effects ? effects.length : 0; entry.refused = !!refusal; }
    if (refusal) { s.needSync = true; return; }
    if (item.event.type === "tick" && effects.length === 0) { s.needSync = true; }
    effects.forEach(function (effect) {
      if (effect.type === "session_stopped") { showStopped(effect.reason, effect.advice); }
      else if (effect.type === "session_completed") { if (s.mode !== "done") { showDone(); } s.needSync = true; }
      else if (effect.type === "ask_pain" && s.mode === "running") { s.needSync = true; }
    });
  }

  async function fetchDocument() {
    try {
      const answer = await fetch("/api/v1/sessions/" + sessionId, { credentials: "same-origin", cache: "no-store" });
      if (!answer.ok) { return null; }
      const doc = await answer.json();
      localStorage.setItem(DOC_KEY, JSON.stringify(doc));
      return doc;
    } catch (error) { return null; }
  }

  async function sync() {
    if (s.syncing || outbox.pending() || !navigator.onLine) { return; }
    s.syncing = true;
    const sent = s.log.length;
    const doc = await fetchDocument();
    s.syncing = false;
    // Only a document that reflects every event sent so far (else the next drain fetches again).
    if (doc && !outbox.pending() && s.log.length === sent) { s.needSync = false; adopt(doc, false); }
    else if (!outbox.pending()) { setTimeout(sync, 1000); }
  }

  async function load() {
    let doc = await fetchDocument();
    if (!doc) { doc = JSON.parse(localStorage.getItem(DOC_KEY) || "null"); }
    if (!doc) { byId("cue").textContent = "The session could not be loaded: check your connection and reload."; return; }
    setClock(Math.max(doc.script.at, outbox.lastAt()));
    s.lastSentAt = Math.max(doc.script.at, outbox.lastAt());
    adopt(doc, true);
    if (outbox.pending()) { s.needSync = true; outbox.retryNow(); }
  }

  // Take the server's script (the authority) as the timeline from now on.
  function adopt(doc, first) {
    s.doc = doc;
    const script = doc.script;
    s.script = script;
    s.assumedLeg = script.last_leg;
    s.stale = false;
    if (doc.status === "stopped" || script.status === "stopped") {
      const stop = doc.stopped || {};
      showStopped(stop.reason || "user", stop.advice || ""); fillSummary(); return;
    }
    if (doc.status === "completed" || script.status === "completed") { showDone(); fillSummary(); return; }
    if (s.mode === "stopped" || s.mode === "done") { return; }
    s.timeline = current(script);
    s.seg = 0; s.effectIndex = 0; s.shift = 0;
    if (script.status === "ready") { s.mode = "ready"; render(); return; }
    if (first) { voice.keepAwake(true, showWake); }
    if (script.paused) {
      s.pausedAt = script.at;
      if (s.mode !== "hurt") { s.mode = "paused"; }
    } else if (formHeld(doc)) {
      s.pausedAt = script.at;
      s.formPhase = doc.now.phase;
      if (s.mode !== "hurt") { s.mode = "form"; }
    } else if (script.phase === "ask_pain") {
      if (s.mode !== "ask") { askCheckIn(); }
    } else if (s.mode !== "hurt") {
      s.mode = "running";
    }
    const dialog = byId("pain-dialog");
    if (dialog.open && s.mode !== "ask" && s.mode !== "hurt") { dialog.close(); }
    render();
  }

  // The camera found the form wrong during a hold or repetitions: the engine counts nothing until it is right.
  function formHeld(doc) {
    return doc.now && doc.now.form_valid === false && (doc.now.phase === "hold" || doc.now.phase === "reps");
  }

  // The effects of the events the camera check sent into the session (session-camera.js): said and shown as the
  // engine decided, then the server's script is taken again.
  function cameraEffects(effects) {
    if (!effects.length || s.mode === "stopped" || s.mode === "done") { return; }
    let moved = false;
    effects.forEach(function (effect) {
      s.lastSentAt = Math.max(s.lastSentAt, effect.at);
      play(effect, effect.at);
      if (effect.type === "hold_paused" && s.mode === "running") {
        s.formPhase = root.dataset.phase; s.mode = "form"; s.pausedAt = now();
      }
      if (effect.type !== "say") { moved = true; }
    });
    if (moved) { s.needSync = true; sync(); }
    render();
  }

  function current(script) {
    return { segments: script.segments, ending: script.ending, reports: script.reports,
             check_in: script.check_in, index: script.index };
  }

  // An exercise's own timeline from its start at `at` (after a skip or a check-in, as the engine begins it).
  function jumpTo(index, at) {
    const next = (s.script.exercises || []).find(function (e) { return e.index === index; });
    if (!next) { return false; }
    s.timeline = { segments: next.segments, ending: next.ending, reports: next.reports, check_in: next.check_in,
                   index: index };
    s.shift = at; s.seg = 0; s.effectIndex = 0;
    s.mode = "running";
    return true;
  }

  function play(effect, at) {
    const signature = at.toFixed(3) + "|" + effect.type + "|" + (effect.text || effect.exercise_id || "");
    if (s.played.has(signature)) { return; }
    s.played.add(signature);
    const fresh = now() - at <= 2 * speed;
    if (effect.type === "say") {
      s.cue = effect.text;
      if (fresh) { voice.say(effect.text); }
    } else if (effect.type === "rest" && fresh) {
      voice.say("Rest for " + effect.seconds + " seconds.");
    } else if (effect.type === "rep_counted" && fresh) {
      voice.tone(520, 90);
    } else if (effect.type === "session_stopped") {
      showStopped(effect.reason, effect.advice);
    } else if (effect.type === "session_completed") {
      showDone();
    }
    if (PHASE_START.indexOf(effect.type) >= 0 && fresh) { voice.tone(880, 180); }
  }

  function playUntil(effects, t) {
    while (s.effectIndex < effects.length && effects[s.effectIndex].at + s.shift <= t + 1e-6) {
      play(effects[s.effectIndex], effects[s.effectIndex].at + s.shift);
      s.effectIndex += 1;
    }
  }

  function step() {
    if (s.mode !== "running") { render(); return; }
    const t = now();
    const timeline = s.timeline;
    while (s.mode === "running") {
      const segment = timeline.segments[s.seg];
      if (!segment) { reachEnding(timeline.ending); break; }
      playUntil(segment.effects, t);
      const end = segment.end + s.shift;
      if (t < end) { break; }
      sendTick(end);
      s.seg += 1; s.effectIndex = 0;
    }
    render();
  }

  function sendTick(at) {
    if (at <= s.lastTickAt) { return; }
    s.lastTickAt = at;
    send({ type: "tick", at: at });
  }

  function reachEnding(ending) {
    if (!ending) { s.mode = "waiting"; return; }
    const at = ending.at + s.shift;
    ending.effects.forEach(function (effect) { play(effect, effect.at + s.shift); });
    if (s.mode !== "running") { return; }
    if (ending.phase === "ask_pain") { askCheckIn(); }
    else if (ending.status === "completed") { showDone(); }
    else { s.mode = "waiting"; s.pausedAt = at; }
  }

  // --- the buttons ---
  function start() {
    voice.unlock();
    voice.keepAwake(true, showWake);
    const at = Math.max(s.script.at, s.lastSentAt);
    setClock(at);
    send({ type: "start", at: at });
    s.mode = "running";
    s.needSync = true;
    step();
  }

  function togglePause() {
    voice.unlock();
    const t = now();
    if (s.mode === "running") {
      send({ type: "pause", at: t });
      s.mode = "paused"; s.pausedAt = t;
      voice.say("Paused.");
    } else if (s.mode === "paused") {
      resumeAt(t);
    }
    render();
  }

  function resumeAt(t) {
    send({ type: "resume", at: t });
    s.shift += t - s.pausedAt;
    s.mode = "running";
    s.needSync = true;
  }

  function skip() {
    if (s.mode !== "running" && s.mode !== "form") { return; }
    const t = now();
    send({ type: "skip", at: t });
    s.needSync = true;
    if (!jumpTo(s.timeline.index + 1, t)) {
      if (s.timeline.index + 1 >= s.script.routine.length) { showDone(); } else { s.mode = "waiting"; }
    }
    step();
  }

  function repDone() {
    if (s.mode !== "running" || !navigator.onLine) { return; }
    send({ type: "rep_done", at: now() });
    s.mode = "waiting"; s.pausedAt = now();
    s.needSync = true;
    render();
  }

  function stop() {
    if (!window.confirm("Stop the session now?")) { return; }
    const t = now();
    send({ type: "stop", at: t });
    s.needSync = true;
    const outcome = s.script && s.script.stop !== null ? s.script.outcomes[s.script.stop] : null;
    if (outcome) { outcome.effects.forEach(function (effect) { play(effect, t); }); }
    if (s.mode !== "stopped") { showStopped("user", ""); }
  }

  function hurt() {
    if (s.mode !== "running" && s.mode !== "paused" && s.mode !== "form") { return; }
    s.wasRunning = s.mode === "running" || s.mode === "form";
    if (s.wasRunning) { const t = now(); send({ type: "pause", at: t }); s.pausedAt = t; }
    s.mode = "hurt";
    openDialog(false);
  }

  function askCheckIn() {
    s.mode = "ask";
    openDialog(true);
  }

  function openDialog(checkIn) {
    s.checkIn = checkIn;
    const form = byId("pain-form");
    form.reset();
    byId("pain-title").textContent = checkIn ? "Check-in: how was that?" : "That hurt";
    byId("pain-help").textContent = checkIn
      ? "This exercise should not hurt. Tell us how you feel now, then the next one starts."
      : "The session is paused. Tell us how it feels now.";
    byId("pain-cancel").hidden = checkIn;
    const dialog = byId("pain-dialog");
    if (!dialog.open) { dialog.showModal(); }
    render();
  }

  function cancelHurt() {
    byId("pain-dialog").close();
    if (s.mode !== "hurt") { return; }
    if (s.wasRunning) { resumeAt(now()); } else { s.mode = "paused"; }
    render();
  }

  // Where a choice's answer is in the script's tables (the order of the script's `choices`).
  function reportKey(sharp, leg, level) {
    const choices = s.script.choices;
    const position = choices.sharp.indexOf(sharp) * choices.leg_symptoms.length + choices.leg_symptoms.indexOf(leg);
    return position * choices.level.length + choices.level.indexOf(level);
  }

  function submitPain(event) {
    event.preventDefault();
    const form = byId("pain-form");
    const level = parseInt(form.elements.level.value, 10);
    const sharp = form.elements.sharp.value === "yes";
    const leg = form.elements.leg.value || null;
    const warnings = Array.from(form.querySelectorAll("input[name=red_flag]:checked"), function (box) { return box.value; });
    byId("pain-dialog").close();
    const t = now();
    const report = { type: "pain_report", at: t, level: level, sharp: sharp };
    if (leg) { report.leg_symptoms = leg; }
    if (warnings.length) {
      report.red_flags = {};
      warnings.forEach(function (name) { report.red_flags[name] = true; });
    }
    send(report);
    s.needSync = true;
    const checkIn = s.checkIn;
    const table = checkIn ? s.timeline.check_in : s.timeline.reports;
    let index = table && !s.stale ? table[reportKey(sharp, leg, level)] : undefined;
    // A warning sign: the engine's answer to it as screened by the server (one of those ticked; the server's
    // answer to them all follows as soon as it is reachable).
    if (warnings.length) { index = s.script.warnings ? s.script.warnings[warnings[0]] : undefined; }
    if (index === undefined) { s.mode = "waiting"; s.pausedAt = t; render(); return; }
    const outcome = s.script.outcomes[index];
    if (outcome.last_leg !== s.assumedLeg) { s.stale = true; }
    s.mode = checkIn ? "ask" : "hurt";
    outcome.effects.forEach(function (effect) { play(effect, t); });
    if (outcome.status === "stopped") { return; }
    if (outcome.status === "completed") { showDone(); return; }
    if (checkIn) {
      if (!(outcome.next_exercise && jumpTo(s.timeline.index + 1, t))) { s.mode = "waiting"; s.pausedAt = t; }
    } else if (s.wasRunning) {
      resumeAt(t);
    } else {
      s.mode = "paused";
    }
    step();
  }

  // --- the screens ---
  function showStopped(reason, advice) {
    const dialog = byId("pain-dialog");
    if (dialog.open) { dialog.close(); }
    if (advice) { s.stopAdvice = advice; }
    s.stopReason = reason || s.stopReason;
    s.mode = "stopped";
    voice.keepAwake(false);
    byId("stopped-title").textContent = s.stopReason === "user" ? "Session stopped" : "Stop here for today";
    byId("advice").textContent = s.stopAdvice || "Session stopped.";
    s.needSync = true;
    render();
  }

  function showDone() {
    const dialog = byId("pain-dialog");
    if (dialog.open) { dialog.close(); }
    s.mode = "done";
    voice.keepAwake(false);
    s.needSync = true;
    fillSummary();
    render();
  }

  byId("start").addEventListener("click", start);
  byId("pause").addEventListener("click", togglePause);
  byId("skip").addEventListener("click", skip);
  byId("rep").addEventListener("click", repDone);
  byId("stop").addEventListener("click", stop);
  byId("hurt").addEventListener("click", hurt);
  byId("pain-form").addEventListener("submit", submitPain);
  byId("pain-cancel").addEventListener("click", cancelHurt);
  byId("pain-dialog").addEventListener("cancel", function (event) {
    event.preventDefault();
    if (!s.checkIn) { cancelHurt(); }
  });
  byId("mute").addEventListener("click", function () { voice.setMuted(!voice.muted()); voice.unlock(); view.setMuteButton(); });
  window.addEventListener("online", function () { render(); });
  window.addEventListener("offline", function () { render(); });
  view.setMuteButton();
  view.showNetwork(outbox.pending(), !navigator.onLine);
  window.BackCoachSession = { state: s, outbox: outbox, now: now, cameraEffects: cameraEffects, voice: voice };
  setInterval(step, 100);
  load();
})();
