// The intake in short steps: a step (a section) per screen, and one question per screen on a phone, with
// Back/Next and "Step 2 of 7". Without this script the whole form is one page and works the same.
// Questions that must be answered (every warning sign) refuse Next, naming why; the server checks again.
"use strict";
(function () {
  var form = document.getElementById("intake");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
  var phone = window.matchMedia("(max-width: 40rem)");
  var back = document.getElementById("step-back");
  var next = document.getElementById("step-next");
  var submit = document.getElementById("submit-intake");
  var status = document.getElementById("stepper-status");
  var progressText = document.getElementById("progress-text");
  var progressFill = document.getElementById("progress-fill");
  var lead = document.querySelector(".intake-page .lead");
  var screens = [];
  var at = 0;

  function questionsOf(step) {
    return Array.prototype.slice.call(step.querySelectorAll(".question"));
  }

  function build() {
    screens = [];
    steps.forEach(function (step, index) {
      var items = questionsOf(step);
      if (phone.matches && items.length > 1) {
        items.forEach(function (question, n) {
          screens.push({ step: index, question: question, n: n + 1, of: items.length });
        });
      } else {
        screens.push({ step: index, question: null, n: 0, of: items.length });
      }
    });
  }

  // The screen showing this question (or a step's first screen), whichever way the screens are cut now
  function screenOf(target) {
    var step = steps.indexOf(target.closest("fieldset.step"));
    var question = target.closest(".question");
    for (var i = 0; i < screens.length; i += 1) {
      var s = screens[i];
      if (s.step === step && (s.question === null || question === null || s.question === question)) { return i; }
    }
    return 0;
  }

  function show(index, moveFocus) {
    at = Math.max(0, Math.min(index, screens.length - 1));
    var screen = screens[at];
    steps.forEach(function (step, i) {
      step.hidden = i !== screen.step;
      questionsOf(step).forEach(function (question) {
        question.hidden = screen.question !== null && question !== screen.question;
      });
      // the step's own introduction shows with its first question only
      Array.prototype.slice.call(step.querySelectorAll(":scope > .help")).forEach(function (el) {
        el.hidden = screen.question !== null && screen.n !== 1;
      });
    });
    if (lead) { lead.hidden = at > 0; }  // the introduction once, then the questions have the screen
    var step = steps[screen.step];
    var words = "Step " + (screen.step + 1) + " of " + steps.length + ": " + step.dataset.title;
    if (screen.question !== null) { words += " (question " + screen.n + " of " + screen.of + ")"; }
    progressText.textContent = words;
    progressFill.style.width = Math.round(100 * (at + 1) / screens.length) + "%";
    back.hidden = at === 0;
    var last = at === screens.length - 1;
    next.hidden = last;
    submit.hidden = !last;
    if (moveFocus) {
      var target = screen.question || step;
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      status.scrollIntoView({ block: "start" });
    }
  }

  function answered(question) {
    var inputs = Array.prototype.slice.call(question.querySelectorAll("input"));
    return inputs.some(function (input) {
      return (input.type === "radio" || input.type === "checkbox") ? input.checked && input.value !== ""
        : input.value.trim() !== "";
    });
  }

  function problemOf(question) {
    var number = question.querySelector("input[type=number]");
    if (number && number.value.trim() !== "") {
      var typed = number.value.trim();
      var low = Number(number.min), high = Number(number.max);
      if (!/^-?\d+$/.test(typed)) { return "Please type a whole number."; }
      if ((number.min !== "" && Number(typed) < low) || (number.max !== "" && Number(typed) > high)) {
        return "Please type a number from " + number.min + " to " + number.max + ".";
      }
    }
    if (question.dataset.must && !answered(question)) { return question.dataset.must; }
    return "";
  }

  function mark(question, problem) {
    var message = question.querySelector(".field-error");
    question.classList.toggle("invalid", problem !== "");
    message.textContent = problem;
    message.hidden = problem === "";
    Array.prototype.slice.call(question.querySelectorAll("input")).forEach(function (input) {
      if (problem) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
  }

  function visibleQuestions() {
    var screen = screens[at];
    return screen.question ? [screen.question] : questionsOf(steps[screen.step]);
  }

  function check(items) {
    var bad = [];
    items.forEach(function (question) {
      var problem = problemOf(question);
      mark(question, problem);
      if (problem) { bad.push(question); }
    });
    return bad;
  }

  function focusQuestion(question) {
    var input = question.querySelector("input:checked") || question.querySelector("input");
    (input || question).focus();
  }

  next.addEventListener("click", function () {
    var bad = check(visibleQuestions());
    if (bad.length) { focusQuestion(bad[0]); return; }
    show(at + 1, true);
  });
  back.addEventListener("click", function () { show(at - 1, true); });

  form.addEventListener("change", function (event) {
    var question = event.target.closest(".question");
    if (question && question.classList.contains("invalid")) { mark(question, problemOf(question)); }
  });
  form.addEventListener("keydown", function (event) {
    // Enter in a number box moves on, as Next does, instead of sending the form from the middle
    if (event.key === "Enter" && event.target.tagName === "INPUT" && submit.hidden) {
      event.preventDefault();
      next.click();
    }
  });
  form.addEventListener("submit", function (event) {
    var bad = check(questionsOf(form));
    if (bad.length) {
      event.preventDefault();
      show(screenOf(bad[0]), false);
      focusQuestion(bad[0]);
    }
  });

  var summary = document.getElementById("form-error");
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#q-']");
      if (!link) { return; }
      var question = document.getElementById(link.getAttribute("href").slice(1));
      if (!question) { return; }
      event.preventDefault();
      show(screenOf(question), false);
      focusQuestion(question);
    });
  }

  phone.addEventListener("change", function () {
    var screen = screens[at];
    var keep = screen.question || steps[screen.step];
    build();
    show(screenOf(keep), false);
  });

  form.classList.add("stepper");
  status.hidden = false;
  document.getElementById("stepper-nav").hidden = false;
  build();
  var firstInvalid = form.querySelector(".question.invalid");
  show(firstInvalid ? screenOf(firstInvalid) : 0, false);
  if (summary) { summary.focus(); }
}());
