// What the session page shows: the stage (phase in colour and words, the countdown, the exercise, its side, set
// and rep, the cue, what comes next), the buttons for the moment, the summary, the network and wake-lock notes.
"use strict";
(function () {
  const PHASE_WORDS = { countdown: "Get ready", hold: "Hold", reps: "Repetitions", rest: "Rest",
                        switch: "Switch sides", ask_pain: "Check-in", done: "Done", idle: "Ready when you are" };
  const COUNTED = ["countdown", "hold", "rest", "switch"];  // phases whose last 3 seconds beep

  function View(root, voice) {
    const byId = function (id) { return document.getElementById(id); };

    function fillSummary(doc) {
      const list = byId("summary");
      list.textContent = "";
      if (!doc || (doc.status !== "completed" && doc.status !== "stopped")) {
        const item = document.createElement("li");
        item.textContent = "Your results are kept on this device and saved when you are back online.";
        list.appendChild(item);
        return;
      }
      const names = {};
      (doc.script.routine || []).forEach(function (r) { names[r.exercise_id] = r.name; });
      doc.summary.exercises.forEach(function (exercise) {
        const item = document.createElement("li");
        item.textContent = (names[exercise.exercise_id] || exercise.exercise_id) + ": " + describe(exercise);
        list.appendChild(item);
      });
    }

    function describe(exercise) {
      const parts = [];
      Object.keys(exercise.holds).forEach(function (side) {
        const count = exercise.holds[side];
        parts.push(count + (count === 1 ? " hold" : " holds") + (side === "both" ? "" : " on the " + side));
      });
      Object.keys(exercise.reps).forEach(function (side) {
        const count = exercise.reps[side];
        parts.push(count + (count === 1 ? " repetition" : " repetitions") + (side === "both" ? "" : " on the " + side));
      });
      const words = { completed: "done", skipped: "skipped", stopped: "stopped", not_reached: "not reached",
                      in_progress: "started" };
      return (words[exercise.status] || exercise.status) + (parts.length ? " (" + parts.join(", ") + ")" : "");
    }

    function showNetwork(waiting, offline) {
      const net = byId("net");
      net.classList.toggle("offline", offline);
      net.dataset.waiting = String(waiting);
      if (offline) { net.textContent = "Offline — " + waiting + (waiting === 1 ? " event" : " events") + " waiting"; }
      else if (waiting) { net.textContent = "Saving…"; }
      else { net.textContent = "Online · saved"; }
    }

    function showWake(text) { byId("wake").textContent = text; }

    function whereText(segment) {
      const parts = ["Exercise " + (segment.index + 1) + " of " + segment.total];
      if (segment.sets > 1 && segment.set) { parts.push("set " + segment.set + " of " + segment.sets); }
      if (segment.phase !== "reps" && segment.rep && segment.reps > 1) { parts.push("rep " + segment.rep + " of " + segment.reps); }
      if (segment.side) { parts.push(segment.side + " side"); }
      return parts.join(" · ");
    }

    function render(s, clock) {
      const mode = s.mode;
      root.dataset.mode = mode;
      const ended = mode === "stopped" || mode === "done";
      byId("stage").hidden = ended;
      byId("controls").hidden = ended;
      byId("stopped").hidden = mode !== "stopped";
      byId("done").hidden = mode !== "done";
      if (ended || !s.timeline) { return; }
      const segment = s.timeline.segments[Math.min(s.seg, s.timeline.segments.length - 1)];
      const held = mode === "paused" || mode === "hurt" || mode === "waiting" || mode === "form";
      const t = held ? s.pausedAt : clock;
      let phase = segment ? segment.phase : "ask_pain";
      if (mode === "ask" || s.seg >= s.timeline.segments.length) { phase = "ask_pain"; }
      if (mode === "ready") { phase = "idle"; }
      if (mode === "form") { phase = s.formPhase || phase; }  // counting stopped until the form is right
      root.dataset.phase = phase;
      byId("stage").className = "stage phase-" + phase + (held ? " is-paused" : "");
      let label = PHASE_WORDS[phase] || phase;
      if (mode === "paused" || mode === "hurt") { label = "Paused"; }
      if (mode === "waiting") { label = "Waiting for the connection"; }
      if (mode === "form") { label = "Check your form"; }
      byId("phase-label").textContent = label;
      let count = "";
      if (segment && phase !== "ask_pain" && phase !== "idle") {
        let left = Math.max(0, segment.end + s.shift - t);
        if (phase === "reps") {
          const repsLeft = Math.max(1, Math.ceil(left / segment.rep_seconds - 1e-6));
          left -= (repsLeft - 1) * segment.rep_seconds;
          byId("where").textContent = whereText(segment) + " · rep " + (segment.reps - repsLeft + 1) + " of " + segment.reps;
        } else {
          byId("where").textContent = whereText(segment);
        }
        const whole = Math.ceil(left - 1e-6);
        count = String(whole);
        const beep = s.seg + ":" + whole;
        if (!held && COUNTED.indexOf(phase) >= 0 && whole >= 1 && whole <= 3 && s.lastBeep !== beep) {
          s.lastBeep = beep; voice.tone(660, 90);
        }
      } else if (segment) {
        byId("where").textContent = whereText(segment);
      }
      byId("count").textContent = count || "\u00a0";
      if (segment) {
        byId("name").textContent = segment.name;
        if (s.exerciseId !== segment.exercise_id) {
          s.exerciseId = segment.exercise_id;
          byId("figure").src = "/exercises/" + encodeURIComponent(segment.exercise_id) + "/figure.svg";
          byId("figure").alt = "How to do " + segment.name;
        }
        byId("next").textContent = "Next: " + (segment.next || "finish");
      }
      byId("cue").textContent = mode === "waiting"
        ? "Your answer is saved. Rest here: the session carries on when the connection is back."
        : (s.cue || (segment ? segment.cue : ""));
      byId("start").hidden = mode !== "ready";
      byId("pause").hidden = !(mode === "running" || mode === "paused");
      byId("pause").textContent = mode === "paused" ? "Resume" : "Pause";
      byId("skip").hidden = !(mode === "running" || mode === "form");
      byId("rep").hidden = !(mode === "running" && phase === "reps");
      byId("rep").disabled = !navigator.onLine;
      byId("hurt").hidden = !(mode === "running" || mode === "paused" || mode === "form");
      byId("stop").hidden = mode === "ready" || mode === "loading";
    }

    function setMuteButton() {
      const muted = voice.muted();
      byId("mute").textContent = muted ? "Voice: off" : "Voice: on";
      byId("mute").setAttribute("aria-pressed", muted ? "true" : "false");
    }

    return { render: render, fillSummary: fillSummary, showNetwork: showNetwork, showWake: showWake,
             setMuteButton: setMuteButton };
  }

  window.BackCoachSessionView = View;
})();
