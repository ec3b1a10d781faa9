// The camera form check of the session page, off until the person turns it on. The video never leaves the device:
// MediaPipe Pose (vendored, served by the app) finds 33 body points in each picture here, and only those points go
// over a WebSocket to the app's own server, which judges them with the exercise's form rules and answers how it
// was judged, what to change, and the session effects it caused (a hold paused for form, its cue). No camera, a
// refused permission or a camera that can't see: the session goes on by the timer and the page says why.
"use strict";
(function () {
  const root = document.getElementById("session");
  const toggle = document.getElementById("camera-toggle");
  if (!root || !toggle) { return; }
  const byId = function (id) { return document.getElementById(id); };
  const VENDOR = "/static/vendor/@mediapipe/pose/";
  const MIN_FRAME_MS = 66;  // at most about 15 frames a second (the server takes up to 30)
  const MAX_IN_FLIGHT = 2;  // frames sent and not yet answered
  const RECONNECTS = 3;
  const NOBODY = Array.from({ length: 33 }, function () { return [0, 0, 0, 0]; });
  const TIMER = " Until then the timer counts your exercise.";
  const CLOSED = {
    4401: "You are signed out, so the camera check stopped. The timer counts your exercises.",
    4403: "The camera check only works on BackCoach's own page. The timer counts your exercises.",
    4404: "The camera check could not find this session. The timer counts your exercises.",
  };
  const panel = byId("camera-panel");
  const video = byId("camera-video");
  const canvas = byId("camera-canvas");
  const status = byId("camera-status");
  const placement = byId("camera-placement");
  const preview = byId("camera-preview");
  const sessionId = root.dataset.sessionId;
  const c = { on: false, stream: null, socket: null, pose: null, busy: false, inFlight: 0, lastSent: 0,
              answers: 0, reconnects: 0, cost: 0, exercise: null, spoken: "", loop: null };
  root.dataset.camera = "off";

  function session() { return window.BackCoachSession; }

  function show(text, tone, state) {
    status.textContent = text;
    status.dataset.tone = tone || "";
    if (state) { status.dataset.status = state; }
  }

  function speak(text) {
    const voice = session() && session().voice;
    if (voice && text && text !== c.spoken) { c.spoken = text; voice.say(text); }
  }

  // Something stops the camera check: say why; the session goes on by the timer.
  function fail(text) {
    root.dataset.camera = "failed";
    preview.hidden = true;
    show(text, "note", "failed");
    stop(false);
  }

  async function turnOn() {
    c.on = true;
    c.reconnects = 0;
    panel.hidden = false;
    preview.hidden = false;
    root.dataset.camera = "starting";
    show("Starting the camera…", "", "starting");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fail("This browser has no camera the page can use, so the timer counts your exercises.");
      return;
    }
    try {
      c.stream = await navigator.mediaDevices.getUserMedia(
        { video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" }, audio: false });
    } catch (error) {
      const name = error && error.name;
      fail(name === "NotAllowedError" || name === "SecurityError"
        ? "Camera permission was refused, so the timer counts your exercises. To use the camera, allow it in the browser's settings for this site and turn this on again."
        : "No camera could be started, so the timer counts your exercises.");
      return;
    }
    if (!c.on) { stop(false); return; }
    video.srcObject = c.stream;
    try { await video.play(); } catch (error) { /* a muted, inline video plays; frames are read either way */ }
    openSocket();
    try { await startPose(); } catch (error) {
      fail("The body-point finder could not start in this browser, so the timer counts your exercises.");
      return;
    }
    if (!c.on) { return; }
    root.dataset.camera = "on";
    show("Looking for you…", "", "looking");
    c.loop = requestAnimationFrame(tick);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.Pose) { resolve(); return; }
      const script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  async function startPose() {
    if (!c.pose) {
      await loadScript(VENDOR + "pose.js");
      const pose = new window.Pose({ locateFile: function (file) { return VENDOR + file; } });
      pose.setOptions({ modelComplexity: 1, smoothLandmarks: true, enableSegmentation: false,
                        minDetectionConfidence: 0.5, minTrackingConfidence: 0.5 });
      pose.onResults(onResults);
      await pose.initialize();
      c.pose = pose;
    }
  }

  async function tick() {
    c.loop = null;
    if (!c.on) { return; }
    // A frame at most every MIN_FRAME_MS, and never more than half the time: a slow device stays responsive.
    const due = performance.now() - c.lastSent >= Math.max(MIN_FRAME_MS, 2 * c.cost);
    if (!c.busy && due && video.readyState >= 2 && c.inFlight < MAX_IN_FLIGHT && socketOpen()) {
      c.busy = true;
      c.lastSent = performance.now();
      try { await c.pose.send({ image: video }); } catch (error) {
        c.busy = false;
        fail("The body-point finder stopped, so the timer counts your exercises.");
        return;
      }
      c.busy = false;
      c.cost = performance.now() - c.lastSent;
    }
    if (c.on) { c.loop = requestAnimationFrame(tick); }
  }

  function clamp(value, low, high) {
    const number = typeof value === "number" && isFinite(value) ? value : 0;
    return Math.min(high, Math.max(low, number));
  }

  function onResults(results) {
    if (!c.on) { return; }
    draw(results);
    const points = results.poseLandmarks;
    const rows = points ? points.map(function (p) {
      return [clamp(p.x, -2, 3), clamp(p.y, -2, 3), clamp(p.z, -10, 10), clamp(p.visibility, 0, 1)];
    }) : NOBODY;
    const clock = session() ? session().now() : 0;
    const width = video.videoWidth || 640;
    const height = video.videoHeight || 480;
    sendFrame({ t: performance.now() / 1000, at: Math.max(0, clock), aspect: clamp(width / height, 0.2, 5),
                landmarks: rows });
  }

  function draw(results) {
    const context = canvas.getContext("2d");
    const width = canvas.width;
    const height = canvas.height;
    context.clearRect(0, 0, width, height);
    if (results.image) { context.drawImage(results.image, 0, 0, width, height); }
    const points = results.poseLandmarks;
    if (!points) { return; }
    const seen = function (p) { return p && (p.visibility === undefined || p.visibility >= 0.5); };
    context.lineWidth = 3;
    context.strokeStyle = "#4ade80";
    (window.POSE_CONNECTIONS || []).forEach(function (pair) {
      const a = points[pair[0]];
      const b = points[pair[1]];
      if (!seen(a) || !seen(b)) { return; }
      context.beginPath();
      context.moveTo(a.x * width, a.y * height);
      context.lineTo(b.x * width, b.y * height);
      context.stroke();
    });
    context.fillStyle = "#facc15";
    points.forEach(function (p) {
      if (!seen(p)) { return; }
      context.beginPath();
      context.arc(p.x * width, p.y * height, 3, 0, 2 * Math.PI);
      context.fill();
    });
  }

  // --- the WebSocket to the app's own server ---
  function socketOpen() { return c.socket && c.socket.readyState === WebSocket.OPEN; }

  function openSocket() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/api/v1/sessions/" + sessionId + "/pose");
    c.socket = socket;
    c.inFlight = 0;
    socket.onmessage = function (event) {
      let message = null;
      try { message = JSON.parse(event.data); } catch (error) { return; }
      answered(message);
    };
    socket.onclose = function (event) {
      if (c.socket !== socket || !c.on) { return; }
      c.socket = null;
      if (CLOSED[event.code]) { fail(CLOSED[event.code]); return; }
      if (c.reconnects >= RECONNECTS) {
        fail("The connection to the camera check was lost, so the timer counts your exercises.");
        return;
      }
      c.reconnects += 1;
      show("The connection to the camera check dropped: reconnecting…" + TIMER, "note", "reconnecting");
      setTimeout(function () { if (c.on && !c.socket) { openSocket(); } }, 1000 * c.reconnects);
    };
  }

  function sendFrame(frame) {
    if (!socketOpen()) { return; }
    c.inFlight += 1;
    c.socket.send(JSON.stringify(frame));
  }

  function answered(message) {
    if (message.type === "exercise") { showPlacement(message); return; }
    c.inFlight = Math.max(0, c.inFlight - 1);
    if (message.type !== "form") { return; }
    c.reconnects = 0;
    c.answers += 1;
    status.dataset.answers = String(c.answers);
    if (message.exercise) { showPlacement(message.exercise); }
    showVerdict(message);
    if (message.notice) { speak(message.notice); }
    if (message.effects && message.effects.length && session()) { session().cameraEffects(message.effects); }
  }

  function showVerdict(message) {
    if (message.status === "judged") {
      if (message.cue) { show("Fix this: " + message.cue, "fix", "judged"); return; }
      const reps = c.exercise && c.exercise.counted_by === "reps" ? " Repetitions seen: " + message.reps + "." : "";
      show("Your form looks right." + reps, "good", "judged");
    } else if (message.status === "out_of_position") {
      const position = message.cue || (c.exercise && c.exercise.position) || "Get into the exercise's position.";
      show("Get into position: " + position, "note", "out_of_position");
    } else if (message.status === "cant_see") {
      show("The camera can't judge yet: " + message.problem + TIMER, "note", "cant_see");
    } else {
      show(message.problem || "The timer counts this exercise.", "note", message.status);
    }
  }

  function showPlacement(exercise) {
    c.exercise = exercise;
    placement.textContent = "";
    const title = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = "Place the camera" + (exercise.name ? " for " + exercise.name : "") + ":";
    title.appendChild(strong);
    placement.appendChild(title);
    if (!exercise.checked) {
      const note = document.createElement("p");
      note.textContent = exercise.problem || "The camera doesn't check this exercise, so the timer counts it.";
      placement.appendChild(note);
      return;
    }
    const where = exercise.placement;
    const list = document.createElement("ul");
    [where.view === "side" ? "Side-on: the camera looks at you from the side." : "Facing: the camera looks at you from the front.",
     "Height: " + where.height + ".", "Distance: " + where.distance + ".", where.advice].forEach(function (text) {
      const item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    placement.appendChild(list);
  }

  // --- off ---
  function stop(fromToggle) {
    c.on = false;
    if (c.loop) { cancelAnimationFrame(c.loop); c.loop = null; }
    if (c.socket) { const socket = c.socket; c.socket = null; socket.close(1000); }
    if (c.stream) { c.stream.getTracks().forEach(function (track) { track.stop(); }); c.stream = null; }
    video.srcObject = null;
    toggle.checked = false;
    if (fromToggle) {
      root.dataset.camera = "off";
      panel.hidden = true;
      show("", "", "off");
    }
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) { turnOn(); } else { stop(true); }
  });
  window.addEventListener("pagehide", function () { if (c.on) { stop(false); } });
  window.BackCoachCamera = { state: c };
})();
