// The outbox of a session's events, kept in the browser's storage (localStorage) so nothing is lost through a
// dropped connection or a reload: events are sent one at a time, in order, each with its own Idempotency-Key;
// after a failure (offline, a busy server) the same event is sent again with the SAME key until the server
// answers, so it is stored once. Independent of any service worker.
"use strict";
(function () {
  const RETRY_FIRST_MS = 500;
  const RETRY_MOST_MS = 8000;

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // A permanent refusal: the server will never take this event (it said why); anything else is tried again.
  function refused(status) { return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429; }

  function Outbox(sessionId, handlers) {
    this.url = "/api/v1/sessions/" + sessionId + "/events";
    this.storeKey = "backcoach.outbox." + sessionId;
    this.handlers = handlers;
    this.sending = false;
    this.failing = false;
    this.delay = RETRY_FIRST_MS;
    this.timer = null;
    const self = this;
    window.addEventListener("online", function () { self.retryNow(); });
    window.addEventListener("offline", function () { self.failing = true; self.changed(); });
  }

  Outbox.prototype.items = function () {
    try { return JSON.parse(localStorage.getItem(this.storeKey) || "[]"); } catch (error) { return []; }
  };

  Outbox.prototype.save = function (items) { localStorage.setItem(this.storeKey, JSON.stringify(items)); };

  Outbox.prototype.pending = function () { return this.items().length; };

  // The latest time already queued (events never go back in time).
  Outbox.prototype.lastAt = function () {
    const items = this.items();
    return items.length ? items[items.length - 1].event.at : 0;
  };

  Outbox.prototype.add = function (event) {
    const items = this.items();
    const item = { key: newKey(), event: event };
    items.push(item);
    this.save(items);
    this.changed();
    this.pump();
    return item.key;
  };

  Outbox.prototype.changed = function () {
    this.handlers.changed(this.pending(), this.failing || !navigator.onLine);
  };

  Outbox.prototype.retryNow = function () {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    this.delay = RETRY_FIRST_MS;
    this.pump();
  };

  Outbox.prototype.later = function () {
    const self = this;
    this.failing = true;
    this.changed();
    if (!this.timer) {
      this.timer = setTimeout(function () { self.timer = null; self.pump(); }, this.delay);
      this.delay = Math.min(this.delay * 2, RETRY_MOST_MS);
    }
  };

  Outbox.prototype.pump = async function () {
    if (this.sending || this.timer) { return; }
    this.sending = true;
    try {
      for (;;) {
        const items = this.items();
        if (!items.length) { break; }
        const item = items[0];
        let answer;
        try {
          answer = await fetch(this.url, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "Idempotency-Key": item.key },
            body: JSON.stringify(item.event),
          });
        } catch (error) { this.later(); return; }
        if (!answer.ok && !refused(answer.status)) { this.later(); return; }
        let body = null;
        try { body = await answer.json(); } catch (error) { body = null; }
        this.save(this.items().filter(function (other) { return other.key !== item.key; }));
        this.failing = false;
        this.delay = RETRY_FIRST_MS;
        this.changed();
        this.handlers.answered(item, answer.ok ? body : null, answer.ok ? null : body);
      }
    } finally {
      this.sending = false;
    }
    this.handlers.drained();
  };

  window.BackCoachOutbox = Outbox;
})();
