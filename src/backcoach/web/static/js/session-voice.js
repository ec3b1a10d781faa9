// The session page's voice, tones and screen wake lock. Speech through the browser's speech synthesis (muted with a
// toggle that is remembered); short Web Audio tones at phase changes and in the last 3 seconds, so the page still
// signals where no voice is installed; the screen kept awake while a session runs.
"use strict";
(function () {
  const MUTE_KEY = "backcoach.session.muted";
  let audio = null;
  let lock = null;
  let wanted = false;
  let onWake = function () {};

  function muted() { return localStorage.getItem(MUTE_KEY) === "1"; }

  function setMuted(value) {
    localStorage.setItem(MUTE_KEY, value ? "1" : "0");
    if (value && "speechSynthesis" in window) { window.speechSynthesis.cancel(); }
  }

  function say(text) {
    if (muted() || !text || !("speechSynthesis" in window)) { return; }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }

  // Called from a tap (browsers only let a page make sound after one).
  function unlock() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) { audio = new Context(); }
    if (audio && audio.state === "suspended") { audio.resume(); }
  }

  function tone(frequency, milliseconds) {
    if (muted() || !audio) { return; }
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const start = audio.currentTime;
    const end = start + milliseconds / 1000;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, end);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(end);
  }

  async function acquire() {
    if (!("wakeLock" in navigator)) { onWake("Keep your screen on: this browser cannot keep it awake."); return; }
    try {
      lock = await navigator.wakeLock.request("screen");
      onWake("Screen kept awake.");
      lock.addEventListener("release", function () { lock = null; });
    } catch (error) {
      onWake("Keep your screen on: it could not be kept awake here.");
    }
  }

  function keepAwake(value, report) {
    wanted = value;
    if (report) { onWake = report; }
    if (value && !lock) { acquire(); }
    if (!value && lock) { lock.release(); lock = null; onWake(""); }
  }

  document.addEventListener("visibilitychange", function () {
    if (wanted && document.visibilityState === "visible" && !lock) { acquire(); }
  });

  window.BackCoachVoice = { say: say, tone: tone, unlock: unlock, muted: muted, setMuted: setMuted,
                            keepAwake: keepAwake };
})();
