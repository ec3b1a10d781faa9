// The plan page: a video chapter loads only when asked. Each "Play video from 2:15" link (to YouTube) becomes a
// button that, when clicked, puts a privacy-enhanced (youtube-nocookie) player in its place. Nothing from
// YouTube is fetched before the click; without this script the link simply opens the video.
"use strict";
(function () {
  var ALLOW = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";

  function player(box) {
    var frame = document.createElement("iframe");
    var address = new URL(box.dataset.embed);
    address.searchParams.set("autoplay", "1");
    frame.src = address.toString();
    frame.title = "Video: " + (box.dataset.title || "exercise");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("allow", ALLOW);
    frame.setAttribute("allowfullscreen", "");
    var holder = document.createElement("div");
    holder.className = "player";
    holder.appendChild(frame);
    return holder;
  }

  // A figure that cannot be drawn leaves its (empty) box, not a broken-image sign
  Array.prototype.slice.call(document.querySelectorAll("img.figure")).forEach(function (img) {
    function missing() { img.parentNode.classList.add("missing"); }
    if (img.complete && img.naturalWidth === 0) { missing(); }  // it failed before this script ran
    img.addEventListener("error", missing);
  });

  Array.prototype.slice.call(document.querySelectorAll(".video[data-embed]")).forEach(function (box) {
    var link = box.querySelector("a.play");
    if (!link || !/^https:\/\/www\.youtube-nocookie\.com\/embed\//.test(box.dataset.embed)) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "play";
    button.textContent = link.textContent;
    link.replaceWith(button);
    button.addEventListener("click", function () {
      var holder = player(box);
      button.replaceWith(holder);
      holder.querySelector("iframe").focus();
    });
  });
}());
